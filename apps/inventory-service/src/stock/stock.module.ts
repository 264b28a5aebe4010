import { DATABASE } from '@ecom/service-kit';
import type { Kysely } from 'kysely';
import { Module } from '@nestjs/common';
import type { InventoryDatabase } from '../database/inventory.tables';
import { StockEventsController } from './stock-events.controller';
import { StockController } from './stock.controller';
import { StockMetrics } from './stock.metrics';
import { StockService } from './stock.service';
import { StockStore } from './stock.store';

@Module({
  controllers: [StockController, StockEventsController],
  providers: [
    { provide: StockStore, inject: [DATABASE], useFactory: (db: Kysely<InventoryDatabase>) => new StockStore(db) },
    StockMetrics,
    StockService,
  ],
})
export class StockModule {}
