import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Uuid } from '../../fields/ids';
import { Timestamp } from '../../fields/timestamp';
import { ReservedItem } from '../inventory-stock-reserved';

/** `inventory.stock.released` v1: the reservation of a cancelled order is back on the shelf. */
export const StockReleasedV1 = Type.Object(
  {
    orderId: Uuid,
    reservationId: Uuid,
    items: Type.Array(ReservedItem, { minItems: 1, maxItems: 100 }),
    releasedAt: Timestamp,
  },
  { additionalProperties: false, title: 'StockReleasedV1', description: 'A reservation was put back on the shelf.' },
);
/** `inventory.stock.released` v1 payload. */
export type StockReleasedV1 = Static<typeof StockReleasedV1>;
