import { runService, loadConfig, installOpenApi } from '@ecom/service-kit';
import { AppModule } from './app.module';
import { ShippingServiceConfig } from './shipping-service.config';
import { shippingServiceOpenApi } from './openapi/shipping-service.openapi';

const config = loadConfig(ShippingServiceConfig);
runService(AppModule.forRoot(config), { service: 'shipping-service', port: config.SHIPPING_SERVICE_PORT, configure: (app) => installOpenApi(app, shippingServiceOpenApi()) }).catch(() => process.exit(1));
