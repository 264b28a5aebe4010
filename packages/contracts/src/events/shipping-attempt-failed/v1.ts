import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ExternalId, Uuid } from '../../fields/ids';
import { Reason } from '../../fields/reason';
import { Timestamp } from '../../fields/timestamp';

/** `shipping.attempt.failed` v1: one try to ship failed; `willRetry` says whether another follows. */
export const ShipmentAttemptFailedV1 = Type.Object(
  {
    orderId: Uuid,
    customerId: ExternalId,
    attempt: Type.Integer({ minimum: 1, description: 'Number of the try that failed, starting at 1.' }),
    reason: Reason,
    willRetry: Type.Boolean(),
    failedAt: Timestamp,
  },
  {
    additionalProperties: false,
    title: 'ShipmentAttemptFailedV1',
    description: 'One try to ship failed; willRetry says whether another follows.',
  },
);
/** `shipping.attempt.failed` v1 payload. */
export type ShipmentAttemptFailedV1 = Static<typeof ShipmentAttemptFailedV1>;
