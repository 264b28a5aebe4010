/** Names of the durable queues; a queue belongs to exactly one consuming service. */
export const Queue = {
  PaymentOrderCreated: 'payment.service.order.created',
  NotificationOrderCreated: 'notification.service.order.created',
  InventoryPaymentSuccessful: 'inventory.service.payment.successful',
  Shipping: 'shipping.service.queue',
  ShippingRetry: 'shipping.service.retry.queue',
  ShippingFinalDlq: 'shipping.service.final.dlq',
  NotificationShipment: 'notification.service.shipment.events',
  OrderEvents: 'order.service.order.events',
  PaymentOrderCancelled: 'payment.service.order.cancelled',
  InventoryOrderCancelled: 'inventory.service.order.cancelled',
  NotificationOrderCancelled: 'notification.service.order.cancelled',
} as const;

/** One of the queue names above. */
export type Queue = (typeof Queue)[keyof typeof Queue];
