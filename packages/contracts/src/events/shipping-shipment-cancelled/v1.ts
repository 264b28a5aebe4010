import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Uuid } from '../../fields/ids';
import { Timestamp } from '../../fields/timestamp';

/** `shipping.shipment.cancelled` v1: shipping will not call the carrier for this order (answer to a cancellation request). */
export const ShipmentCancelledV1 = Type.Object(
  { orderId: Uuid, cancelledAt: Timestamp },
  { additionalProperties: false, title: 'ShipmentCancelledV1', description: 'Shipping will never ship this order.' },
);
/** `shipping.shipment.cancelled` v1 payload. */
export type ShipmentCancelledV1 = Static<typeof ShipmentCancelledV1>;
