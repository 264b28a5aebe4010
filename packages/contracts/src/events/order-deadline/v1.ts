import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { Uuid } from '../../fields/ids';
import { Timestamp } from '../../fields/timestamp';

/**
 * `order.deadline.payment` / `order.deadline.stock` v1: a message order-service sends to itself
 * through a per-message-TTL delay queue (one per deadline, since a message only expires at the
 * head of its queue); it arrives when the step it guards is due.
 */
export const OrderDeadlineV1 = Type.Object(
  {
    orderId: Uuid,
    deadline: Type.Union([Type.Literal('payment'), Type.Literal('stock')]),
    dueAt: Timestamp,
  },
  { additionalProperties: false, title: 'OrderDeadlineV1', description: 'A step of the order is due.' },
);
/** `order.deadline` v1 payload. */
export type OrderDeadlineV1 = Static<typeof OrderDeadlineV1>;
