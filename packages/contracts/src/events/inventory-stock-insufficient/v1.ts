import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ExternalId, Uuid } from '../../fields/ids';
import { Quantity } from '../../fields/quantity';
import { Timestamp } from '../../fields/timestamp';

/** One line that could not be covered: what was asked for and what is on hand. */
export const ShortItem = Type.Object(
  { productId: ExternalId, requested: Quantity, available: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
/** One line that could not be covered. */
export type ShortItem = Static<typeof ShortItem>;

/** `inventory.stock.insufficient` v1: a paid order cannot be fulfilled from stock; nothing was reserved. */
export const StockInsufficientV1 = Type.Object(
  {
    orderId: Uuid,
    items: Type.Array(ShortItem, { minItems: 1, maxItems: 100 }),
    reportedAt: Timestamp,
  },
  {
    additionalProperties: false,
    title: 'StockInsufficientV1',
    description: 'A paid order cannot be fulfilled from stock; nothing was reserved.',
  },
);
/** `inventory.stock.insufficient` v1 payload. */
export type StockInsufficientV1 = Static<typeof StockInsufficientV1>;
