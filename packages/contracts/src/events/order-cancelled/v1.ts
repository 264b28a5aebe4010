import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { CancelReason } from '../../fields/cancel-reason';
import { Email } from '../../fields/email';
import { ExternalId, Uuid } from '../../fields/ids';
import { Currency, PositiveAmount } from '../../fields/money';
import { Timestamp } from '../../fields/timestamp';

/**
 * `order.cancelled` v1: the order is cancelled for good and nothing will ship. Payment refunds
 * whatever it charged (or charges nothing later), inventory releases whatever it reserved (or
 * reserves nothing later), the customer is told once.
 */
export const OrderCancelledV1 = Type.Object(
  {
    orderId: Uuid,
    customerId: ExternalId,
    customerEmail: Email,
    totalAmount: PositiveAmount,
    currency: Currency,
    reason: CancelReason,
    cancelledAt: Timestamp,
  },
  { additionalProperties: false, title: 'OrderCancelledV1', description: 'The order is cancelled; undo every effect.' },
);
/** `order.cancelled` v1 payload. */
export type OrderCancelledV1 = Static<typeof OrderCancelledV1>;
