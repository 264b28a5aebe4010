import { runService, loadConfig } from '@ecom/service-kit';
import { AppModule } from './app.module';
import { InventoryServiceConfig } from './inventory-service.config';

const config = loadConfig(InventoryServiceConfig);
runService(AppModule.forRoot(config), { service: 'inventory-service', port: config.INVENTORY_SERVICE_PORT }).catch(() => process.exit(1));
