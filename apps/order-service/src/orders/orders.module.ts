import { DATABASE } from '@ecom/service-kit';
import type { Kysely } from 'kysely';
import { Module, type DynamicModule } from '@nestjs/common';
import type { OrderDatabase } from '../database/order.tables';
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
        { provide: OrdersStore, inject: [DATABASE], useFactory: (db: Kysely<OrderDatabase>) => new OrdersStore(db) },
        OrdersMetrics,
        OrderProcessService,
        OrdersService,
        OrderDeadlines,
      ],
    };
  }
}
