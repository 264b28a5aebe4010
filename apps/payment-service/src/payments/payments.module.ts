import { DATABASE } from '@ecom/service-kit';
import type { Kysely } from 'kysely';
import { Module, type DynamicModule } from '@nestjs/common';
import type { PaymentDatabase } from '../database/payment.tables';
import { GatewayController } from '../gateway/gateway.controller';
import { SimulatedGateway } from '../gateway/simulated-gateway';
import { PaymentEventsController } from './payment-events.controller';
import { PaymentsController } from './payments.controller';
import { PAYMENTS_OPTIONS, type PaymentsOptions } from './payments.options';
import { PaymentsMetrics } from './payments.metrics';
import { PaymentsService } from './payments.service';
import { PaymentsStore } from './payments.store';

@Module({})
export class PaymentsModule {
  static forRoot(options: PaymentsOptions): DynamicModule {
    return {
      module: PaymentsModule,
      controllers: [PaymentsController, PaymentEventsController, GatewayController],
      providers: [
        { provide: PAYMENTS_OPTIONS, useValue: options },
        { provide: PaymentsStore, inject: [DATABASE], useFactory: (db: Kysely<PaymentDatabase>) => new PaymentsStore(db) },
        SimulatedGateway,
        PaymentsMetrics,
        PaymentsService,
      ],
    };
  }
}
