import { serviceModules } from '@ecom/service-kit';
import { Module, type DynamicModule } from '@nestjs/common';
import { paymentMigrations } from './database/payment.migrations';
import type { PaymentServiceConfig } from './payment-service.config';
import { PaymentsModule } from './payments/payments.module';

@Module({})
export class AppModule {
  static forRoot(config: PaymentServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...serviceModules({ service: 'payment-service', config, migrations: paymentMigrations }),
        PaymentsModule.forRoot({ declineAbove: config.PAYMENT_DECLINE_ABOVE }),
      ],
    };
  }
}
