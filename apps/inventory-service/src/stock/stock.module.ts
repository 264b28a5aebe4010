import { Module } from '@nestjs/common';
import { StockEventsController } from './stock-events.controller';
import { StockController } from './stock.controller';
import { StockMetrics } from './stock.metrics';
import { StockService } from './stock.service';

@Module({
  controllers: [StockController, StockEventsController],
  providers: [StockMetrics, StockService],
})
export class StockModule {}
