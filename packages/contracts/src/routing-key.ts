/** Routing keys of every event on the exchange; the key is also the event's name and its envelope `type`. */
export const RoutingKey = {
  OrderCreated: 'order.created',
  PaymentSucceeded: 'payment.processed.successful',
  PaymentFailed: 'payment.processed.failed',
  StockReserved: 'inventory.stock.reserved',
  StockInsufficient: 'inventory.stock.insufficient',
  ShipmentCreated: 'shipping.shipment.created',
  ShipmentAttemptFailed: 'shipping.attempt.failed',
  ShipmentFailed: 'shipping.shipment.failed',
  OrderConfirmed: 'order.confirmed',
  OrderCancellationRequested: 'order.cancellation.requested',
  OrderCancelled: 'order.cancelled',
  PaymentRefunded: 'payment.refunded',
  StockReleased: 'inventory.stock.released',
  ShipmentCancelled: 'shipping.shipment.cancelled',
} as const;

/** One of the routing keys above. */
export type RoutingKey = (typeof RoutingKey)[keyof typeof RoutingKey];
