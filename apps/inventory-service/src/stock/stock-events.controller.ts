import type { EventData } from '@ecom/contracts';
import { RabbitContext } from '@ecom/rabbit';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { StockService } from './stock.service';

/** inventory.service.payment.successful → a reservation per paid order. */
@Controller()
export class StockEventsController {
  constructor(private readonly stock: StockService) {}

  @EventPattern('payment.processed.successful')
  onPaymentSucceeded(@Payload() payment: EventData<'payment.processed.successful'>, @Ctx() ctx: RabbitContext): Promise<void> {
    return this.stock.reserveForPayment(payment, ctx);
  }

  /** inventory.service.order.cancelled → release what the order holds. */
  @EventPattern('order.cancelled')
  onOrderCancelled(@Payload() order: EventData<'order.cancelled'>, @Ctx() ctx: RabbitContext): Promise<void> {
    return this.stock.releaseForCancel(order, ctx);
  }
}
