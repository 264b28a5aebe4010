import type { EnvelopeMetadata, EventEnvelope } from './envelope';

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
export function toAmqpProperties(envelope: Omit<EventEnvelope, 'data'>): AmqpProperties {
  const headers: Record<string, unknown> = {
    [AmqpHeader.SchemaVersion]: envelope.schemaVersion,
    // The timestamp property keeps whole seconds only; the header keeps the exact instant.
    [AmqpHeader.OccurredAt]: new Date(envelope.occurredAt).toISOString(),
  };
  if (envelope.causationId !== undefined) headers[AmqpHeader.CausationId] = envelope.causationId;
  if (envelope.traceparent !== undefined) headers[AmqpHeader.Traceparent] = envelope.traceparent;
  return {
    messageId: envelope.id,
    type: envelope.type,
    timestamp: Math.floor(Date.parse(envelope.occurredAt) / 1000),
    correlationId: envelope.correlationId,
    appId: envelope.producer,
    contentType: 'application/json',
    headers,
  };
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
