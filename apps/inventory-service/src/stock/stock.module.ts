import { Module } from '@nestjs/common';
import { StockEventsController } from './stock-events.controller';
import { StockController } from './stock.controller';
import { StockService } from './stock.service';

@Module({
  controllers: [StockController, StockEventsController],
  providers: [StockService],
})
export class StockModule {}
