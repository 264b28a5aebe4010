export type OrderStatus = 'pending' | 'paid' | 'payment_failed' | 'shipped' | 'shipping_failed';

/** The status each event moves an order to; events not listed only add history. */
export const STATUS_AFTER: Readonly<Record<string, OrderStatus>> = {
  'payment.processed.successful': 'paid',
  'payment.processed.failed': 'payment_failed',
  'shipping.shipment.failed': 'shipping_failed',
  'shipping.shipment.created': 'shipped',
};

/**
 * How far along the flow a status is. Events of different services can arrive in any order, so a
 * status only ever moves forward: a late `payment.processed.successful` never undoes `shipped`,
 * while `shipped` after `shipping_failed` (a replay from the DLQ) does move it on.
 */
const RANK: Readonly<Record<OrderStatus, number>> = {
  pending: 0,
  paid: 1,
  payment_failed: 1,
  shipping_failed: 2,
  shipped: 3,
};

/** The status after `eventType`, or the current one when the event does not move it forward. */
export function nextStatus(current: OrderStatus, eventType: string): OrderStatus {
  const candidate = STATUS_AFTER[eventType];
  return candidate && RANK[candidate] > RANK[current] ? candidate : current;
}
