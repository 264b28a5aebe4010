import { runService, loadConfig } from '@ecom/service-kit';
import { AppModule } from './app.module';
import { ShippingServiceConfig } from './shipping-service.config';

const config = loadConfig(ShippingServiceConfig);
runService(AppModule.forRoot(config), { service: 'shipping-service', port: config.SHIPPING_SERVICE_PORT }).catch(() => process.exit(1));
