import type { Options } from 'amqplib';
import { v7 as timeOrderedUuid } from 'uuid';
import { currentMessageContext } from '../context/message-context';
import type { EventContracts } from '../contracts/event-contracts';
import { isoInstant, toAmqpProperties } from '../envelope/amqp-envelope';
import { RabbitHeader } from '../retry/rabbit-headers';
import { activeTraceparent } from '../tracing/trace-context';

/** A message ready for the wire; its `properties.messageId` is the event id. */
export interface OutgoingMessage {
  exchange: string;
  routingKey: string;
  body: Buffer;
  properties: Options.Publish & { messageId: string; headers: Record<string, unknown> };
}

/** What a publish resolves to once the broker confirmed the event (or the outbox stored it). */
export interface PublishedEvent {
  eventId: string;
  routingKey: string;
  correlationId: string;
}

/** The event a built message carries, as callers of `publish` see it. */
export function publishedEventOf(message: OutgoingMessage): PublishedEvent {
  return {
    eventId: message.properties.messageId,
    routingKey: message.routingKey,
    correlationId: String(message.properties.correlationId),
  };
}

export interface PublishOptions {
  /** Defaults to the handled message's correlation id, or a new one. */
  correlationId?: string;
  /** Defaults to the handled message's event id. */
  causationId?: string;
  /**
   * Defaults to a new time-ordered UUID (version 7); pass one to make a retried publish idempotent
   * downstream.
   */
  eventId?: string;
  occurredAt?: Date;
  traceparent?: string;
  /** Extra application headers. */
  headers?: Record<string, unknown>;
  /**
   * Per-message TTL: a scheduled message (published to a delay queue) waits this long. The event
   * name travels in `ecom-original-routing-key`, so the consumer routes it after the broker
   * dead-letters it under the work queue's name.
   */
  delayMs?: number;
}

/** Who publishes, where, and against which contracts: what building a message needs besides the event. */
export interface MessageOrigin {
  exchange: string;
  /** The publishing service, written as the envelope's producer. */
  service: string;
  /** Without contracts nothing is validated and every event is schema version 1. */
  contracts?: EventContracts;
}

/**
 * Validates `data` against the contract of `routingKey` and builds the AMQP message: envelope
 * attributes in properties and headers (the library's one mapping), the data alone in the body.
 * Correlation and causation come from the message being handled unless given.
 * Throws the contracts' validation error naming each bad field; nothing is built then.
 */
export function buildEventMessage(origin: MessageOrigin, routingKey: string, data: unknown, options: PublishOptions = {}): OutgoingMessage {
  const { contracts } = origin;
  const valid = contracts ? contracts.assert(routingKey, data) : data;
  const context = currentMessageContext();
  // Time-ordered: the inbox and outbox rows keyed by event ids then go to the end of their indexes
  // instead of a random page each, so a commit writes a few pages rather than one per row.
  const id = options.eventId ?? timeOrderedUuid();
  const properties = toAmqpProperties({
    id,
    type: routingKey,
    schemaVersion: contracts?.currentVersion(routingKey) ?? 1,
    occurredAt: options.occurredAt ? options.occurredAt.toISOString() : isoInstant(Date.now()),
    correlationId: options.correlationId ?? context?.correlationId ?? id,
    causationId: options.causationId ?? context?.eventId,
    producer: origin.service,
    traceparent: options.traceparent ?? activeTraceparent() ?? context?.traceparent,
  });
  // Built in place: every published event comes through here.
  const headers = properties.headers as Record<string, unknown>;
  if (options.delayMs !== undefined) headers[RabbitHeader.OriginalRoutingKey] = routingKey;
  if (options.headers) Object.assign(headers, options.headers);
  // toAmqpProperties set messageId (the event id) already.
  const amqp = properties as OutgoingMessage['properties'];
  amqp.persistent = true;
  if (options.delayMs !== undefined) amqp.expiration = String(Math.max(0, Math.round(options.delayMs)));
  return { exchange: origin.exchange, routingKey, body: Buffer.from(JSON.stringify(valid)), properties: amqp };
}
