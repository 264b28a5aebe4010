/**
 * The order's status as a foreign observer can tell it from the events alone. order-service owns the
 * real status (GET /orders/:id, shown on the timeline); the live view follows the events so it
 * never has to ask order-service about every order under load. The order-service's own decisions
 * (`order.confirmed`, `order.cancellation.requested`, `order.cancelled`) are on the wire, so only the
 * steps before them are inferred, by the README's process table.
 */
export { ORDER_STATUSES, type OrderStatus } from '@ecom/contracts';
import type { OrderStatus } from '@ecom/contracts';

/** The status after `routingKey`, or the same status when the event changes nothing. */
export function nextStatus(status: OrderStatus | undefined, routingKey: string): OrderStatus | undefined {
  switch (routingKey) {
    case 'order.created':
      return status ?? 'pending';
    case 'payment.processed.successful':
      return status === 'pending' || status === undefined ? 'paid' : status;
    case 'payment.processed.failed':
      return status === 'pending' || status === undefined ? 'payment_failed' : status;
    case 'inventory.stock.reserved':
      return status === 'pending' || status === undefined ? 'reserved' : status;
    case 'order.confirmed':
      return status === 'shipped' ? status : 'confirmed';
    case 'order.cancellation.requested':
      return status === 'shipped' || status === 'cancelled' ? status : 'cancelling';
    case 'order.cancelled':
      return 'cancelled';
    case 'shipping.shipment.created':
      return status === 'cancelled' ? status : 'shipped';
    case 'shipping.shipment.failed':
      return status === 'confirmed' || status === undefined ? 'shipping_failed' : status;
    default:
      return status;
  }
}
