import type { EventData } from '@ecom/contracts';
import { RabbitContext } from '@ecom/rabbit';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { compose } from './notification-message';
import { NotificationsService } from './notifications.service';

/** The notification queues: order and payment events, shipment outcomes, cancellations. */
@Controller()
export class NotificationEventsController {
  constructor(private readonly notifications: NotificationsService) {}

  @EventPattern('order.created')
  onOrderCreated(@Payload() e: EventData<'order.created'>, @Ctx() ctx: RabbitContext) {
    return this.notifications.notify(compose.orderReceived(e), ctx);
  }

  @EventPattern('payment.processed.successful')
  onPaymentSucceeded(@Payload() e: EventData<'payment.processed.successful'>, @Ctx() ctx: RabbitContext) {
    return this.notifications.notify(compose.paymentSucceeded(e), ctx);
  }

  @EventPattern('payment.processed.failed')
  onPaymentFailed(@Payload() e: EventData<'payment.processed.failed'>, @Ctx() ctx: RabbitContext) {
    return this.notifications.notify(compose.paymentFailed(e), ctx);
  }

  @EventPattern('shipping.shipment.created')
  onShipped(@Payload() e: EventData<'shipping.shipment.created'>, @Ctx() ctx: RabbitContext) {
    return this.notifications.notify(compose.shipped(e), ctx);
  }

  @EventPattern('shipping.shipment.failed')
  onShippingFailed(@Payload() e: EventData<'shipping.shipment.failed'>, @Ctx() ctx: RabbitContext) {
    return this.notifications.notify(compose.shippingFailed(e), ctx);
  }

  @EventPattern('order.cancelled')
  onOrderCancelled(@Payload() e: EventData<'order.cancelled'>, @Ctx() ctx: RabbitContext) {
    return this.notifications.notify(compose.orderCancelled(e), ctx);
  }
}
