import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ExternalId, Uuid } from '../../fields/ids';
import { Quantity } from '../../fields/quantity';
import { Timestamp } from '../../fields/timestamp';

/** One reserved line: no price, inventory does not deal in money. */
export const ReservedItem = Type.Object({ productId: ExternalId, quantity: Quantity }, { additionalProperties: false });
/** One reserved line. */
export type ReservedItem = Static<typeof ReservedItem>;

/** `inventory.stock.reserved` v1: stock for every line of a paid order is held. */
export const StockReservedV1 = Type.Object(
  {
    orderId: Uuid,
    reservationId: Uuid,
    items: Type.Array(ReservedItem, { minItems: 1, maxItems: 100 }),
    reservedAt: Timestamp,
  },
  { additionalProperties: false, title: 'StockReservedV1', description: 'Stock for every line of a paid order is held.' },
);
/** `inventory.stock.reserved` v1 payload. */
export type StockReservedV1 = Static<typeof StockReservedV1>;
