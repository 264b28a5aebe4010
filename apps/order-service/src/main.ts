import { runService, loadConfig, installOpenApi } from '@ecom/service-kit';
import { AppModule } from './app.module';
import { OrderServiceConfig } from './order-service.config';
import { orderServiceOpenApi } from './openapi/order-service.openapi';

const config = loadConfig(OrderServiceConfig);
runService(AppModule.forRoot(config), {
  service: 'order-service',
  port: config.ORDER_SERVICE_PORT,
  bodyLimit: config.ORDER_BODY_LIMIT,
  configure: (app) => installOpenApi(app, orderServiceOpenApi()),
}).catch(() => process.exit(1));
