import { Module, type DynamicModule } from '@nestjs/common';
import { OrderDeadlines } from './order-deadlines';
import { OrderEventsController } from './order-events.controller';
import { OrderProcessService } from './order-process.service';
import { OrdersMetrics } from './orders.metrics';
import { OrdersController } from './orders.controller';
import { ORDERS_OPTIONS, type OrdersOptions } from './orders.options';
import { OrdersService } from './orders.service';
import { OrdersStore } from './orders.store';

@Module({})
export class OrdersModule {
  static forRoot(options: OrdersOptions): DynamicModule {
    return {
      module: OrdersModule,
      controllers: [OrdersController, OrderEventsController],
      providers: [
        { provide: ORDERS_OPTIONS, useValue: options },
        OrdersStore,
        OrdersMetrics,
        OrderProcessService,
        OrdersService,
        OrderDeadlines,
      ],
    };
  }
}
