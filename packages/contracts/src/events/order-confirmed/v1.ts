import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Email } from '../../fields/email';
import { ExternalId, Uuid } from '../../fields/ids';
import { Currency, PositiveAmount } from '../../fields/money';
import { OrderItems } from '../../fields/order-item';
import { Timestamp } from '../../fields/timestamp';

/**
 * `order.confirmed` v1: the order is paid and every line is reserved, so it may ship. The only
 * event that lets shipping call the carrier; it carries what shipping needs, so no lookup.
 */
export const OrderConfirmedV1 = Type.Object(
  {
    orderId: Uuid,
    customerId: ExternalId,
    customerEmail: Email,
    items: OrderItems,
    totalAmount: PositiveAmount,
    currency: Currency,
    confirmedAt: Timestamp,
  },
  { additionalProperties: false, title: 'OrderConfirmedV1', description: 'Paid and every line reserved: ship it.' },
);
/** `order.confirmed` v1 payload. */
export type OrderConfirmedV1 = Static<typeof OrderConfirmedV1>;
