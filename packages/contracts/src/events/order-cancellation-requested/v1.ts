import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { CancelReason } from '../../fields/cancel-reason';
import { Uuid } from '../../fields/ids';
import { Timestamp } from '../../fields/timestamp';

/**
 * `order.cancellation.requested` v1: a confirmed order should not ship. Shipping answers with
 * `shipping.shipment.cancelled`, or ships it anyway when the carrier call was already under way.
 */
export const OrderCancellationRequestedV1 = Type.Object(
  { orderId: Uuid, reason: CancelReason, requestedAt: Timestamp },
  {
    additionalProperties: false,
    title: 'OrderCancellationRequestedV1',
    description: 'Asks shipping not to ship a confirmed order.',
  },
);
/** `order.cancellation.requested` v1 payload. */
export type OrderCancellationRequestedV1 = Static<typeof OrderCancellationRequestedV1>;
