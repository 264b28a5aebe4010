import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

/** Why an order was cancelled: a closed list, so consumers can act on it (and the audit count it). */
export const CancelReason = Type.Union(
  [
    Type.Literal('out_of_stock'),
    Type.Literal('customer_request'),
    Type.Literal('payment_timeout'),
    Type.Literal('stock_timeout'),
    Type.Literal('operator'),
  ],
  { description: 'out_of_stock | customer_request | payment_timeout | stock_timeout | operator' },
);
/** Why an order was cancelled. */
export type CancelReason = Static<typeof CancelReason>;

/** Every cancel reason, in the order the README lists them. */
export const CANCEL_REASONS: readonly CancelReason[] = ['out_of_stock', 'customer_request', 'payment_timeout', 'stock_timeout', 'operator'];
