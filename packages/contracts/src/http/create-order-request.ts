import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Email } from '../fields/email';
import { ExternalId } from '../fields/ids';
import { Currency, PositiveAmount } from '../fields/money';
import { OrderItems } from '../fields/order-item';

/** Currency assumed when a create-order request names none. */
export const DEFAULT_CURRENCY = 'USD';

/** Body of `POST /orders`; `currency` is optional and the order service fills in DEFAULT_CURRENCY. */
export const CreateOrderRequest = Type.Object(
  {
    customerId: ExternalId,
    customerEmail: Email,
    items: OrderItems,
    totalAmount: PositiveAmount,
    // Validation never fills defaults in (it must not mutate input); `default` documents it for clients.
    currency: Type.Optional(Type.String({ ...Currency, default: DEFAULT_CURRENCY })),
  },
  { additionalProperties: false, title: 'CreateOrderRequest', description: 'Body of POST /orders.' },
);
/** Body of `POST /orders`. */
export type CreateOrderRequest = Static<typeof CreateOrderRequest>;
