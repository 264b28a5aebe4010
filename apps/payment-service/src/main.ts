import { runService, loadConfig, installOpenApi } from '@ecom/service-kit';
import { AppModule } from './app.module';
import { PaymentServiceConfig } from './payment-service.config';
import { paymentServiceOpenApi } from './openapi/payment-service.openapi';

const config = loadConfig(PaymentServiceConfig);
runService(AppModule.forRoot(config), { service: 'payment-service', port: config.PAYMENT_SERVICE_PORT, configure: (app) => installOpenApi(app, paymentServiceOpenApi()) }).catch(() => process.exit(1));
