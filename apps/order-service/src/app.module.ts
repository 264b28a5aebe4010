import { serviceModules } from '@ecom/service-kit';
import { Module, type DynamicModule } from '@nestjs/common';
import { orderMigrations } from './database/order.migrations';
import type { OrderServiceConfig } from './order-service.config';
import { OrdersModule } from './orders/orders.module';

@Module({})
export class AppModule {
  static forRoot(config: OrderServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceModules({ service: 'order-service', config, migrations: orderMigrations }),
        OrdersModule.forRoot({
          paymentTimeoutMs: config.ORDER_PAYMENT_TIMEOUT_MS,
          stockTimeoutMs: config.ORDER_STOCK_TIMEOUT_MS,
          deadlineSweepMs: config.ORDER_DEADLINE_SWEEP_MS,
        }),
      ],
    };
  }
}
