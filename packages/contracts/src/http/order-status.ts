/**
 * Where an order is, as order-service's `GET /orders/:id` reports it and observers of the flow
 * infer it. Final: shipped, payment_failed, cancelled; `shipping_failed` is held for an operator.
 */
export const ORDER_STATUSES = ['pending', 'paid', 'reserved', 'confirmed', 'shipped', 'shipping_failed', 'payment_failed', 'cancelling', 'cancelled'] as const;

/** One of ORDER_STATUSES. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];
