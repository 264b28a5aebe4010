import type { EventData } from '@ecom/contracts';

export type NotificationKind = 'order_received' | 'payment_succeeded' | 'payment_failed' | 'shipped' | 'shipping_failed' | 'order_cancelled';

/** Kinds that close an order for the customer: exactly one per final order. */
export const FINAL_KINDS: readonly NotificationKind[] = ['shipped', 'payment_failed', 'order_cancelled'];

const CANCEL_WORDING: Record<EventData<'order.cancelled'>['reason'], string> = {
  out_of_stock: 'an item is out of stock',
  customer_request: 'you asked us to',
  payment_timeout: 'the payment did not come through in time',
  stock_timeout: 'we could not reserve your items in time',
  operator: 'our team cancelled it',
};

export interface NotificationMessage {
  kind: NotificationKind;
  orderId: string;
  recipient: string;
  subject: string;
  body: string;
}

/** What the customer is told for each customer-facing event. */
export const compose = {
  orderReceived: (e: EventData<'order.created'>): NotificationMessage => ({
    kind: 'order_received',
    orderId: e.orderId,
    recipient: e.customerEmail,
    subject: 'We received your order',
    body: `Order ${e.orderId}: ${e.items.length} item(s), ${e.totalAmount} ${e.currency}. We will let you know when it is paid.`,
  }),
  paymentSucceeded: (e: EventData<'payment.processed.successful'>): NotificationMessage => ({
    kind: 'payment_succeeded',
    orderId: e.orderId,
    recipient: e.customerEmail,
    subject: 'Payment received',
    body: `We charged ${e.amount} ${e.currency} for order ${e.orderId}.`,
  }),
  paymentFailed: (e: EventData<'payment.processed.failed'>): NotificationMessage => ({
    kind: 'payment_failed',
    orderId: e.orderId,
    recipient: e.customerEmail,
    subject: 'Payment declined',
    body: `Your payment of ${e.amount} ${e.currency} for order ${e.orderId} was declined: ${e.reason}.`,
  }),
  shipped: (e: EventData<'shipping.shipment.created'>): NotificationMessage => ({
    kind: 'shipped',
    orderId: e.orderId,
    recipient: e.customerEmail,
    subject: 'Your order is on its way',
    body: `Order ${e.orderId} ships with ${e.carrier}, tracking number ${e.trackingNumber}.`,
  }),
  shippingFailed: (e: EventData<'shipping.shipment.failed'>): NotificationMessage => ({
    kind: 'shipping_failed',
    orderId: e.orderId,
    recipient: e.customerEmail,
    subject: 'We could not ship your order',
    body: `Order ${e.orderId} could not be handed to the carrier after ${e.attempts} attempts. Our team is on it.`,
  }),
  orderCancelled: (e: EventData<'order.cancelled'>): NotificationMessage => ({
    kind: 'order_cancelled',
    orderId: e.orderId,
    recipient: e.customerEmail,
    subject: 'Your order is cancelled',
    body: `Order ${e.orderId} is cancelled because ${CANCEL_WORDING[e.reason]}. Anything charged (${e.totalAmount} ${e.currency}) is refunded in full.`,
  }),
};
