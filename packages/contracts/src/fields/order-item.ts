import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ExternalId } from './ids';
import { Amount } from './money';
import { Quantity } from './quantity';

/** One order line: the unit price is the one the customer agreed to at checkout. */
export const OrderItem = Type.Object(
  { productId: ExternalId, quantity: Quantity, price: Amount },
  { additionalProperties: false },
);
/** One order line. */
export type OrderItem = Static<typeof OrderItem>;

/** The lines of an order: at least one, and a cap so one message stays small. */
export const OrderItems = Type.Array(OrderItem, { minItems: 1, maxItems: 100 });
/** The lines of an order. */
export type OrderItems = Static<typeof OrderItems>;
