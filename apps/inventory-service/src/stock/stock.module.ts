import { Module } from '@nestjs/common';
import { StockEventsController } from './stock-events.controller';
import { StockController } from './stock.controller';
import { StockMetrics } from './stock.metrics';
import { StockService } from './stock.service';
import { StockStore } from './stock.store';

@Module({
  controllers: [StockController, StockEventsController],
  providers: [
    StockStore,
    StockMetrics,
    StockService,
  ],
})
export class StockModule {}
