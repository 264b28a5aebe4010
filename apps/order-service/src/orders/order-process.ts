import { ORDER_STATUSES, type CancelReason, type OrderStatus } from '@ecom/contracts';

// Where an order is: the vocabulary of the order API (in the contracts, shared with the flow's observers).
export { ORDER_STATUSES, type OrderStatus } from '@ecom/contracts';

/** Statuses no event moves on. */
export const FINAL_STATUSES: readonly OrderStatus[] = ['shipped', 'payment_failed', 'cancelled'];

/** What can happen to an order: the flow's events, its two deadlines (OrderDeadlines) and a cancel request (HTTP). */
export type OrderInput =
  | 'payment.processed.successful'
  | 'payment.processed.failed'
  | 'inventory.stock.reserved'
  | 'inventory.stock.insufficient'
  | 'shipping.shipment.created'
  | 'shipping.shipment.failed'
  | 'shipping.shipment.cancelled'
  | 'deadline.payment'
  | 'deadline.stock'
  | 'cancel';

export const ORDER_INPUTS: readonly OrderInput[] = [
  'payment.processed.successful',
  'payment.processed.failed',
  'inventory.stock.reserved',
  'inventory.stock.insufficient',
  'shipping.shipment.created',
  'shipping.shipment.failed',
  'shipping.shipment.cancelled',
  'deadline.payment',
  'deadline.stock',
  'cancel',
];

/**
 * What a transition makes happen, in the transaction of the status change (messages through the outbox):
 * - `confirm`: `order.confirmed`, the only message that lets shipping call the carrier;
 * - `cancel`: `order.cancelled`, so payment refunds what it charged and inventory releases what it reserved;
 * - `ask_shipping_to_cancel`: `order.cancellation.requested`; shipping answers cancelled, or ships;
 * - `schedule_stock_deadline`: records when the stock is due (`stock_due_at`), which OrderDeadlines watches.
 */
export type OrderEffect = 'confirm' | 'cancel' | 'ask_shipping_to_cancel' | 'schedule_stock_deadline';

/** The reason a transition to cancelled(ing) records: fixed, the one requested, or the one recorded when cancelling began. */
export type ReasonSource = CancelReason | 'as_requested' | 'as_recorded';

export type Transition =
  | { to: OrderStatus; effects: readonly OrderEffect[]; reason?: ReasonSource }
  /** A cancel that cannot be honoured: answered 409 with this reason. */
  | { refused: string };

const go = (to: OrderStatus, effects: readonly OrderEffect[] = [], reason?: ReasonSource): Transition => ({ to, effects, reason });
const cancelNow = go('cancelled', ['cancel'], 'as_requested');
const askShipping = go('cancelling', ['ask_shipping_to_cancel'], 'as_requested');

/**
 * THE order process: status × input → next status and effects. An input a status does not list
 * changes nothing (the event still enters the history): a duplicate, a late event after a final
 * status, a deadline whose step is done. Out-of-order arrivals have their own rows (a reservation
 * before its payment event goes through `reserved`). The README's table is rendered from this one.
 */
export const ORDER_PROCESS: Readonly<Record<OrderStatus, Partial<Record<OrderInput, Transition>>>> = {
  pending: {
    'payment.processed.successful': go('paid', ['schedule_stock_deadline']),
    'payment.processed.failed': go('payment_failed'),
    'inventory.stock.reserved': go('reserved'),
    'inventory.stock.insufficient': go('cancelled', ['cancel'], 'out_of_stock'),
    'deadline.payment': go('cancelled', ['cancel'], 'payment_timeout'),
    cancel: cancelNow,
  },
  paid: {
    'inventory.stock.reserved': go('confirmed', ['confirm']),
    'inventory.stock.insufficient': go('cancelled', ['cancel'], 'out_of_stock'),
    'deadline.stock': go('cancelled', ['cancel'], 'stock_timeout'),
    cancel: cancelNow,
  },
  // The reservation's event overtook its payment's: the payment happened, wait for its event.
  reserved: {
    'payment.processed.successful': go('confirmed', ['confirm']),
    cancel: cancelNow,
  },
  // Shipping may be calling the carrier: only shipping can say whether a cancel is still possible.
  confirmed: {
    'shipping.shipment.created': go('shipped'),
    'shipping.shipment.failed': go('shipping_failed'),
    cancel: askShipping,
  },
  shipping_failed: {
    'shipping.shipment.created': go('shipped'),
    cancel: askShipping,
  },
  cancelling: {
    // The carrier call won the race: the order ships and nothing is refunded.
    'shipping.shipment.created': go('shipped'),
    'shipping.shipment.cancelled': go('cancelled', ['cancel'], 'as_recorded'),
  },
  shipped: { cancel: { refused: 'the order has shipped' } },
  payment_failed: { cancel: { refused: 'the payment was declined; there is nothing to cancel' } },
  cancelled: {},
};

/** The transition for `input` in `status`, or undefined when the input changes nothing there. */
export function transitionOf(status: OrderStatus, input: OrderInput): Transition | undefined {
  return ORDER_PROCESS[status][input];
}

/** The reason a transition records, given the requested one and the one recorded before. */
export function resolveReason(source: ReasonSource | undefined, requested?: CancelReason, recorded?: CancelReason | null): CancelReason | undefined {
  if (source === undefined) return undefined;
  if (source === 'as_requested') return requested ?? 'customer_request';
  if (source === 'as_recorded') return recorded ?? 'customer_request';
  return source;
}

/** The process as a markdown table (status | input | next | effects), as the README shows it. */
export function renderOrderProcess(): string {
  const rows = ['| status | input | next status | effects |', '| --- | --- | --- | --- |'];
  for (const status of ORDER_STATUSES) {
    for (const input of ORDER_INPUTS) {
      const t = ORDER_PROCESS[status][input];
      if (!t) continue;
      if ('refused' in t) {
        rows.push(`| \`${status}\` | ${input} | 409: ${t.refused} | — |`);
        continue;
      }
      const reason = t.reason ? ` (${t.reason.replace('as_', 'reason as ')})` : '';
      rows.push(`| \`${status}\` | ${input} | \`${t.to}\`${reason} | ${t.effects.join(', ') || '—'} |`);
    }
  }
  rows.push('');
  rows.push('Every other (status, input) pair changes nothing; the event is still kept in the history.');
  return rows.join('\n');
}
