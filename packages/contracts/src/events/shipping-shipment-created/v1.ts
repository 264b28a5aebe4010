import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Email } from '../../fields/email';
import { ExternalId, Uuid } from '../../fields/ids';
import { Timestamp } from '../../fields/timestamp';

/** `shipping.shipment.created` v1: a carrier accepted the parcel. */
export const ShipmentCreatedV1 = Type.Object(
  {
    orderId: Uuid,
    shipmentId: Uuid,
    customerId: ExternalId,
    customerEmail: Email,
    carrier: Type.String({ minLength: 1, maxLength: 64 }),
    trackingNumber: Type.String({ minLength: 1, maxLength: 64 }),
    attempts: Type.Integer({ minimum: 1, description: 'How many tries it took, this one included.' }),
    createdAt: Timestamp,
  },
  { additionalProperties: false, title: 'ShipmentCreatedV1', description: 'A carrier accepted the parcel.' },
);
/** `shipping.shipment.created` v1 payload. */
export type ShipmentCreatedV1 = Static<typeof ShipmentCreatedV1>;
