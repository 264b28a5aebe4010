import type { EventData } from '@ecom/contracts';

export type PaymentDecision = { approved: true } | { approved: false; reason: string };

/**
 * The simulated card processor's rule, deterministic so that the declined path can be shown and
 * tested: an order above `declineAbove` is declined, every other one is approved.
 */
export function decidePayment(order: EventData<'order.created'>, declineAbove: number): PaymentDecision {
  if (order.totalAmount > declineAbove) {
    return { approved: false, reason: `amount ${order.totalAmount} ${order.currency} exceeds the limit of ${declineAbove}` };
  }
  return { approved: true };
}
