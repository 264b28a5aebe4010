import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Email } from '../../fields/email';
import { ExternalId, Uuid } from '../../fields/ids';
import { Currency, PositiveAmount } from '../../fields/money';
import { Reason } from '../../fields/reason';
import { Timestamp } from '../../fields/timestamp';

/** `payment.processed.failed` v1: the charge was declined; the order will not proceed. */
export const PaymentFailedV1 = Type.Object(
  {
    orderId: Uuid,
    paymentId: Uuid,
    customerId: ExternalId,
    customerEmail: Email,
    amount: PositiveAmount,
    currency: Currency,
    reason: Reason,
    processedAt: Timestamp,
  },
  { additionalProperties: false, title: 'PaymentFailedV1', description: 'The charge was declined.' },
);
/** `payment.processed.failed` v1 payload. */
export type PaymentFailedV1 = Static<typeof PaymentFailedV1>;
