/**
 * What an event's envelope says about it besides its data (CloudEvents-modelled). The library's
 * one wire format, the same for every team's events: "binary mode", the AMQP body carries the data
 * alone and these attributes travel in basic properties and `ecom-*` headers, so a foreign
 * producer's plain JSON is an event too. It lives here, in the transport, because it is how
 * messages look on the wire whatever the contracts; a contracts package documents it (AsyncAPI).
 */
export interface EnvelopeMetadata {
  /** Unique per event; consumers deduplicate on it (CloudEvents `id`). */
  id: string;
  /** The routing key, naming the event (CloudEvents `type`). */
  type: string;
  /** Major version of the payload schema. */
  schemaVersion: number;
  /** When the fact happened, ISO 8601 (CloudEvents `time`). */
  occurredAt: string;
  /** Shared by every event of one business flow. */
  correlationId: string;
  /** Id of the event that caused this one; absent for a flow's first event. */
  causationId?: string;
  /** Service that emitted the event (CloudEvents `source`). */
  producer: string;
  /** W3C trace context, so spans link across the broker. */
  traceparent?: string;
}

/** Header names of the envelope attributes that have no AMQP basic property of their own. */
export const AmqpHeader = {
  SchemaVersion: 'ecom-schema-version',
  OccurredAt: 'ecom-occurred-at',
  CausationId: 'ecom-causation-id',
  Traceparent: 'traceparent',
} as const;

/** The AMQP basic properties this mapping reads and writes; structurally amqplib's, without depending on it. */
export interface AmqpProperties {
  messageId?: string;
  type?: string;
  /** Seconds since the epoch: AMQP timestamps have no finer resolution. */
  timestamp?: number;
  correlationId?: string;
  appId?: string;
  contentType?: string;
  contentEncoding?: string;
  headers?: Record<string, unknown>;
}

/** Envelope attributes as read off a message: only `type` is certain, since a foreign producer may send bare JSON. */
export type EnvelopeAttributes = Partial<Omit<EnvelopeMetadata, 'type'>> & Pick<EnvelopeMetadata, 'type'>;

/** Maps envelope attributes onto AMQP properties ("binary mode": the body carries `data` only). */
export function toAmqpProperties(envelope: EnvelopeMetadata): AmqpProperties {
  const occurredAtMs = Date.parse(envelope.occurredAt);
  const headers: Record<string, unknown> = {
    [AmqpHeader.SchemaVersion]: envelope.schemaVersion,
    // The timestamp property keeps whole seconds only; the header keeps the exact instant.
    [AmqpHeader.OccurredAt]: isoInstant(occurredAtMs),
  };
  if (envelope.causationId !== undefined) headers[AmqpHeader.CausationId] = envelope.causationId;
  if (envelope.traceparent !== undefined) headers[AmqpHeader.Traceparent] = envelope.traceparent;
  return {
    messageId: envelope.id,
    type: envelope.type,
    timestamp: Math.floor(occurredAtMs / 1000),
    correlationId: envelope.correlationId,
    appId: envelope.producer,
    contentType: 'application/json',
    headers,
  };
}

let lastInstantMs = Number.NaN;
let lastInstantIso = '';

/**
 * An instant (milliseconds since the epoch) in ISO 8601, as `toISOString` writes it; throws
 * RangeError for NaN, as it does. The last one is kept: every event published in the same
 * millisecond has the same text, and writing it took about as long as validating the event.
 */
export function isoInstant(ms: number): string {
  if (ms !== lastInstantMs) {
    lastInstantIso = new Date(ms).toISOString();
    lastInstantMs = ms;
  }
  return lastInstantIso;
}

/** Reads envelope attributes back from a delivered message; missing or blank values come back undefined. */
export function fromAmqpProperties(routingKey: string, props: AmqpProperties): EnvelopeAttributes {
  const headers = props.headers ?? {};
  return {
    id: text(props.messageId),
    // A foreign producer may not set `type`; the routing key names the event then.
    type: text(props.type) ?? routingKey,
    schemaVersion: version(headers[AmqpHeader.SchemaVersion]),
    occurredAt: text(headers[AmqpHeader.OccurredAt]) ?? secondsToIso(props.timestamp),
    correlationId: text(props.correlationId),
    causationId: text(headers[AmqpHeader.CausationId]),
    producer: text(props.appId),
    traceparent: text(headers[AmqpHeader.Traceparent]),
  };
}

function text(value: unknown): string | undefined {
  // amqplib hands some header strings over as Buffers, depending on how the publisher encoded them.
  const raw = value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value;
  if (typeof raw !== 'string') return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

function version(value: unknown): number | undefined {
  const digits = text(value);
  const parsed = typeof value === 'number' ? value : digits !== undefined && /^\d+$/.test(digits) ? Number(digits) : NaN;
  return Number.isSafeInteger(parsed) && parsed >= 1 ? parsed : undefined;
}

function secondsToIso(seconds: number | undefined): string | undefined {
  return typeof seconds === 'number' && Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : undefined;
}
