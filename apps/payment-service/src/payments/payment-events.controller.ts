import type { EventData } from '@ecom/contracts';
import { RabbitContext } from '@ecom/rabbit';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PaymentsService } from './payments.service';

/** payment.service.order.created → a charge per order. */
@Controller()
export class PaymentEventsController {
  constructor(private readonly payments: PaymentsService) {}

  @EventPattern('order.created')
  onOrderCreated(@Payload() order: EventData<'order.created'>, @Ctx() ctx: RabbitContext): Promise<void> {
    return this.payments.processOrder(order, ctx);
  }
}
