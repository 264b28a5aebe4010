import { createHash } from 'node:crypto';
import { fromAmqpProperties, type EnvelopeAttributes } from '../envelope/amqp-envelope';
import type { ConsumeMessage } from 'amqplib';
import { numberHeader, RabbitHeader, stringHeader } from '../retry/rabbit-headers';

/** What the consumer knows about a delivery before it parses the body. */
export interface InboundMessage {
  /** The event's routing key, also after a trip through a retry queue. */
  routingKey: string;
  /** The exchange it was first published to. */
  exchange: string;
  attempt: number;
  firstFailureAt?: string;
  /** Envelope attributes; `id` and `correlationId` always set (derived when a producer left them out). */
  attributes: EnvelopeAttributes & { id: string; correlationId: string };
}

/**
 * A stable id for a message that came without one (a foreign producer's): the same bytes under
 * the same routing key give the same id, so the inbox still recognises a redelivery.
 */
export function derivedEventId(routingKey: string, body: Buffer): string {
  const hex = createHash('sha256').update(routingKey).update('\0').update(body).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function readInbound(message: ConsumeMessage): InboundMessage {
  const headers = message.properties.headers as Record<string, unknown> | undefined;
  const routingKey = stringHeader(headers, RabbitHeader.OriginalRoutingKey) ?? message.fields.routingKey;
  const exchange = stringHeader(headers, RabbitHeader.OriginalExchange) ?? message.fields.exchange;
  const attributes = fromAmqpProperties(routingKey, message.properties);
  const id = attributes.id ?? derivedEventId(routingKey, message.content);
  return {
    routingKey,
    exchange,
    attempt: Math.max(1, numberHeader(headers, RabbitHeader.Attempt) ?? 1),
    firstFailureAt: stringHeader(headers, RabbitHeader.FirstFailureAt),
    attributes: { ...attributes, id, correlationId: attributes.correlationId ?? id },
  };
}
