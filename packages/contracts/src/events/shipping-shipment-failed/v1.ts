import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Email } from '../../fields/email';
import { ExternalId, Uuid } from '../../fields/ids';
import { Reason } from '../../fields/reason';
import { Timestamp } from '../../fields/timestamp';

/** `shipping.shipment.failed` v1: every try failed; the order will not ship. */
export const ShipmentFailedV1 = Type.Object(
  {
    orderId: Uuid,
    customerId: ExternalId,
    customerEmail: Email,
    attempts: Type.Integer({ minimum: 1, description: 'How many tries were made.' }),
    reason: Reason,
    failedAt: Timestamp,
  },
  { additionalProperties: false, title: 'ShipmentFailedV1', description: 'Every try failed; the order will not ship.' },
);
/** `shipping.shipment.failed` v1 payload. */
export type ShipmentFailedV1 = Static<typeof ShipmentFailedV1>;
