import { serviceModules } from '@ecom/service-kit';
import { Module, type DynamicModule } from '@nestjs/common';
import { inventoryMigrations } from './database/inventory.migrations';
import type { InventoryServiceConfig } from './inventory-service.config';
import { StockModule } from './stock/stock.module';

@Module({})
export class AppModule {
  static forRoot(config: InventoryServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [...serviceModules({ service: 'inventory-service', config, migrations: inventoryMigrations }), StockModule],
    };
  }
}
