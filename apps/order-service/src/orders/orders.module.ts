import { Module } from '@nestjs/common';
import { OrderEventsController } from './order-events.controller';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  controllers: [OrdersController, OrderEventsController],
  providers: [OrdersService],
})
export class OrdersModule {}
