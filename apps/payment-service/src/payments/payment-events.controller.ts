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

  /** payment.service.order.cancelled → refund, or void before any charge. */
  @EventPattern('order.cancelled')
  onOrderCancelled(@Payload() order: EventData<'order.cancelled'>, @Ctx() ctx: RabbitContext): Promise<void> {
    return this.payments.cancelOrder(order, ctx);
  }
}
