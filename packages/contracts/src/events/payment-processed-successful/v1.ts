import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Email } from '../../fields/email';
import { ExternalId, Uuid } from '../../fields/ids';
import { Currency, PositiveAmount } from '../../fields/money';
import { OrderItems } from '../../fields/order-item';
import { Timestamp } from '../../fields/timestamp';

/** `payment.processed.successful` v1: the order was charged; carries the items so inventory and shipping need no lookup. */
export const PaymentSucceededV1 = Type.Object(
  {
    orderId: Uuid,
    paymentId: Uuid,
    customerId: ExternalId,
    customerEmail: Email,
    amount: PositiveAmount,
    currency: Currency,
    items: OrderItems,
    processedAt: Timestamp,
  },
  { additionalProperties: false, title: 'PaymentSucceededV1', description: 'The order was charged.' },
);
/** `payment.processed.successful` v1 payload. */
export type PaymentSucceededV1 = Static<typeof PaymentSucceededV1>;
