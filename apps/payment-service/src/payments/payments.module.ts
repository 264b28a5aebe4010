import { Module, type DynamicModule } from '@nestjs/common';
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
        PaymentsStore,
        SimulatedGateway,
        PaymentsMetrics,
        PaymentsService,
      ],
    };
  }
}
