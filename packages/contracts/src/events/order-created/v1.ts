import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Email } from '../../fields/email';
import { ExternalId, Uuid } from '../../fields/ids';
import { Currency, PositiveAmount } from '../../fields/money';
import { OrderItems } from '../../fields/order-item';
import { Timestamp } from '../../fields/timestamp';

/** `order.created` v1: an order was accepted and awaits payment. */
export const OrderCreatedV1 = Type.Object(
  {
    orderId: Uuid,
    customerId: ExternalId,
    customerEmail: Email,
    items: OrderItems,
    totalAmount: PositiveAmount,
    currency: Currency,
    createdAt: Timestamp,
  },
  { additionalProperties: false, title: 'OrderCreatedV1', description: 'An order was accepted and awaits payment.' },
);
/** `order.created` v1 payload. */
export type OrderCreatedV1 = Static<typeof OrderCreatedV1>;
