import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { CancelReason } from '../../fields/cancel-reason';
import { ExternalId, Uuid } from '../../fields/ids';
import { Currency, PositiveAmount } from '../../fields/money';
import { Timestamp } from '../../fields/timestamp';

/** `payment.refunded` v1: the charge of a cancelled order was paid back in full. */
export const PaymentRefundedV1 = Type.Object(
  {
    orderId: Uuid,
    paymentId: Uuid,
    customerId: ExternalId,
    amount: PositiveAmount,
    currency: Currency,
    reason: CancelReason,
    refundedAt: Timestamp,
  },
  { additionalProperties: false, title: 'PaymentRefundedV1', description: 'The charge was paid back in full.' },
);
/** `payment.refunded` v1 payload. */
export type PaymentRefundedV1 = Static<typeof PaymentRefundedV1>;
