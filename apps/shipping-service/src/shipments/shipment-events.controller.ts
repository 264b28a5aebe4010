import type { EventData } from '@ecom/contracts';
import { RabbitContext } from '@ecom/rabbit';
import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ShipmentsService } from './shipments.service';

/** shipping.service.queue: ships confirmed orders (retried through the seed's retry queue), honours cancellations. */
@Controller()
export class ShipmentEventsController {
  private readonly logger = new Logger(ShipmentEventsController.name);

  constructor(private readonly shipments: ShipmentsService) {}

  /**
   * The seed's binding stays, but a payment alone no longer ships: stock may be short. Shipping
   * waits for order.confirmed (paid and every line reserved), which carries all it needs.
   */
  @EventPattern('payment.processed.successful')
  onPaymentSucceeded(@Payload() payment: EventData<'payment.processed.successful'>): void {
    this.logger.debug({ msg: `order ${payment.orderId} paid; waiting for order.confirmed`, orderId: payment.orderId });
  }

  @EventPattern('order.confirmed')
  onOrderConfirmed(@Payload() order: EventData<'order.confirmed'>, @Ctx() ctx: RabbitContext): Promise<void> {
    return this.shipments.ship(order, ctx);
  }

  @EventPattern('order.cancellation.requested')
  onCancellationRequested(@Payload() request: EventData<'order.cancellation.requested'>, @Ctx() ctx: RabbitContext): Promise<void> {
    return this.shipments.cancel(request, ctx);
  }
}
