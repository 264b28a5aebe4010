import type { EventData } from '@ecom/contracts';
import { RabbitContext } from '@ecom/rabbit';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { OrdersService } from './orders.service';

/** order.service.order.events: everything the flow says about an order (its deadlines are OrderDeadlines'). */
@Controller()
export class OrderEventsController {
  constructor(private readonly orders: OrdersService) {}

  @EventPattern('payment.processed.successful')
  onPaid(@Payload() e: EventData<'payment.processed.successful'>, @Ctx() ctx: RabbitContext) {
    return this.orders.apply('payment.processed.successful', e, ctx);
  }

  @EventPattern('payment.processed.failed')
  onPaymentFailed(@Payload() e: EventData<'payment.processed.failed'>, @Ctx() ctx: RabbitContext) {
    return this.orders.apply('payment.processed.failed', e, ctx);
  }

  @EventPattern('payment.refunded')
  onRefunded(@Payload() e: EventData<'payment.refunded'>, @Ctx() ctx: RabbitContext) {
    return this.orders.apply('payment.refunded', e, ctx);
  }

  @EventPattern('inventory.stock.reserved')
  onStockReserved(@Payload() e: EventData<'inventory.stock.reserved'>, @Ctx() ctx: RabbitContext) {
    return this.orders.apply('inventory.stock.reserved', e, ctx);
  }

  @EventPattern('inventory.stock.insufficient')
  onStockInsufficient(@Payload() e: EventData<'inventory.stock.insufficient'>, @Ctx() ctx: RabbitContext) {
    return this.orders.apply('inventory.stock.insufficient', e, ctx);
  }

  @EventPattern('inventory.stock.released')
  onStockReleased(@Payload() e: EventData<'inventory.stock.released'>, @Ctx() ctx: RabbitContext) {
    return this.orders.apply('inventory.stock.released', e, ctx);
  }

  @EventPattern('shipping.attempt.failed')
  onShippingAttemptFailed(@Payload() e: EventData<'shipping.attempt.failed'>, @Ctx() ctx: RabbitContext) {
    return this.orders.apply('shipping.attempt.failed', e, ctx);
  }

  @EventPattern('shipping.shipment.created')
  onShipped(@Payload() e: EventData<'shipping.shipment.created'>, @Ctx() ctx: RabbitContext) {
    return this.orders.apply('shipping.shipment.created', e, ctx);
  }

  @EventPattern('shipping.shipment.failed')
  onShippingFailed(@Payload() e: EventData<'shipping.shipment.failed'>, @Ctx() ctx: RabbitContext) {
    return this.orders.apply('shipping.shipment.failed', e, ctx);
  }

  @EventPattern('shipping.shipment.cancelled')
  onShipmentCancelled(@Payload() e: EventData<'shipping.shipment.cancelled'>, @Ctx() ctx: RabbitContext) {
    return this.orders.apply('shipping.shipment.cancelled', e, ctx);
  }
}
