import { runService, loadConfig } from '@ecom/service-kit';
import { AppModule } from './app.module';
import { PaymentServiceConfig } from './payment-service.config';

const config = loadConfig(PaymentServiceConfig);
runService(AppModule.forRoot(config), { service: 'payment-service', port: config.PAYMENT_SERVICE_PORT }).catch(() => process.exit(1));
