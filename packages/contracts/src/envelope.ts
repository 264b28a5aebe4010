import { Type } from '@sinclair/typebox';
import type { Static, TSchema } from '@sinclair/typebox';
import { Uuid } from './fields/ids';
import { Timestamp } from './fields/timestamp';

/** W3C Trace Context `traceparent`: version-traceid-parentid-flags, lower-case hex. */
export const Traceparent = Type.String({ pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$' });
/** A W3C `traceparent` value. */
export type Traceparent = Static<typeof Traceparent>;

/** Everything an envelope says about its event except the event itself (CloudEvents-modelled). */
export const EnvelopeMetadata = Type.Object(
  {
    /** Unique per event; consumers deduplicate on it (CloudEvents `id`). */
    id: Uuid,
    /** The routing key, naming the event (CloudEvents `type`). */
    type: Type.String({ minLength: 1, maxLength: 255 }),
    /** Major version of the payload schema; see the registry. */
    schemaVersion: Type.Integer({ minimum: 1 }),
    /** When the fact happened, not when it was sent (CloudEvents `time`). */
    occurredAt: Timestamp,
    /** Shared by every event of one business flow, usually the order. */
    correlationId: Type.String({ minLength: 1, maxLength: 128 }),
    /** Id of the event that caused this one, absent for a flow's first event. */
    causationId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    /** Service that emitted the event (CloudEvents `source`). */
    producer: Type.String({ minLength: 1, maxLength: 128 }),
    /** Trace the event belongs to, so spans link across the broker. */
    traceparent: Type.Optional(Traceparent),
  },
  { additionalProperties: false },
);
/** The envelope attributes without `data`. */
export type EnvelopeMetadata = Static<typeof EnvelopeMetadata>;

/** Schema of a whole envelope around a payload schema, e.g. `EventEnvelope(OrderCreatedV1)`. */
export const EventEnvelope = <T extends TSchema>(data: T) =>
  Type.Object({ ...EnvelopeMetadata.properties, data }, { additionalProperties: false });
/** An event with its metadata; `T` is the payload type. */
export type EventEnvelope<T = unknown> = EnvelopeMetadata & { data: T };

/**
 * Headers of the envelope attributes that have no AMQP basic property of their own, as
 * `@ecom/rabbit` writes them (its envelope mapping is the one implementation; these names are here
 * for the AsyncAPI document, and a tools spec checks that both agree).
 */
export const AmqpHeader = {
  SchemaVersion: 'ecom-schema-version',
  OccurredAt: 'ecom-occurred-at',
  CausationId: 'ecom-causation-id',
  Traceparent: 'traceparent',
} as const;
