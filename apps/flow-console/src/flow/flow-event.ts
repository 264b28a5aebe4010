import { fromAmqpProperties, type AmqpProperties } from '@ecom/rabbit';
import type { ConsumeMessage } from 'amqplib';

/** One event as the tap saw it: the envelope's metadata, the delivery's headers, the payload. */
export interface FlowEvent {
  /** Order of arrival at the console. */
  seq: number;
  receivedAt: string;
  occurredAt?: string;
  routingKey: string;
  eventId?: string;
  correlationId?: string;
  causationId?: string;
  /** The service that published it (the envelope's `producer`). */
  service?: string;
  orderId?: string;
  /** `ecom-attempt` when set (a retried delivery), else 1. */
  attempt: number;
  /** `ecom-replay-count`: the copy came back from a dead-letter queue. */
  replayCount?: number;
  data: Record<string, unknown>;
}

/** Reads an event from a delivery; the body is untrusted (the tap sees every publisher's bytes). */
export function toFlowEvent(message: ConsumeMessage, seq: number, now = new Date()): FlowEvent {
  const body = parseJson(message.content);
  // The transport puts the envelope's attributes in AMQP properties and headers and the data alone
  // in the body (the contracts' one mapping); a foreign producer's whole envelope is read too.
  const envelope = isObject(body) && isObject(body['data']) && typeof body['type'] === 'string' ? body : undefined;
  const data = envelope ? (envelope['data'] as Record<string, unknown>) : isObject(body) ? body : {};
  const attributes = fromAmqpProperties(message.fields.routingKey, message.properties as AmqpProperties);
  const headers = (message.properties.headers ?? {}) as Record<string, unknown>;
  return {
    seq,
    receivedAt: now.toISOString(),
    occurredAt: text(envelope?.['occurredAt']) ?? attributes.occurredAt,
    routingKey: message.fields.routingKey,
    eventId: text(envelope?.['id']) ?? cap(attributes.id),
    correlationId: text(envelope?.['correlationId']) ?? cap(attributes.correlationId),
    causationId: text(envelope?.['causationId']) ?? cap(attributes.causationId),
    service: text(envelope?.['producer']) ?? cap(attributes.producer),
    orderId: text(data['orderId']),
    attempt: numberOf(headers['ecom-attempt']) ?? 1,
    replayCount: numberOf(headers['ecom-replay-count']),
    data,
  };
}

function parseJson(content: Buffer): unknown {
  try {
    return JSON.parse(content.toString('utf8'));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (Buffer.isBuffer(value)) return value.toString('utf8') || undefined;
  // Capped: a foreign publisher's giant string must not end up in every page update.
  return typeof value === 'string' && value.length > 0 ? value.slice(0, 200) : undefined;
}

function cap(value: string | undefined): string | undefined {
  return value?.slice(0, 200);
}

function numberOf(value: unknown): number | undefined {
  const parsed = typeof value === 'number' ? value : Number(Buffer.isBuffer(value) ? value.toString('utf8') : value);
  return value !== undefined && Number.isFinite(parsed) ? parsed : undefined;
}
