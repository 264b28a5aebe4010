import { runService, loadConfig, installOpenApi } from '@ecom/service-kit';
import { AppModule } from './app.module';
import { InventoryServiceConfig } from './inventory-service.config';
import { inventoryServiceOpenApi } from './openapi/inventory-service.openapi';

const config = loadConfig(InventoryServiceConfig);
runService(AppModule.forRoot(config), { service: 'inventory-service', port: config.INVENTORY_SERVICE_PORT, configure: (app) => installOpenApi(app, inventoryServiceOpenApi()) }).catch(() => process.exit(1));
