import type { Message } from 'amqplib';
import { numberHeader, RabbitHeader, stringHeader } from '../retry/rabbit-headers';
import type { Headers } from './headers';

/** One dead-lettered message as an operator's tool lists it: what failed, where, how often. */
export interface DeadLetterRow {
  /** 1-based position in the queue at the time it was read. */
  position: number;
  messageId?: string;
  orderId?: string;
  correlationId?: string;
  /** The event's routing key (`ecom-original-routing-key`). */
  routingKey?: string;
  originalQueue?: string;
  attempts?: number;
  deathReason?: string;
  errorName?: string;
  errorMessage?: string;
  firstFailureAt?: string;
  lastFailureAt?: string;
  service?: string;
  replayCount?: number;
}

/** The body parsed as JSON, or undefined when it is not JSON. */
export function parseBody(content: Buffer): unknown {
  try {
    return JSON.parse(content.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** `orderId` of an event body: at the top, or inside a `data` / `payload` envelope. */
export function orderIdOf(body: unknown): string | undefined {
  for (const candidate of [body, field(body, 'data'), field(body, 'payload')]) {
    const value = field(candidate, 'orderId');
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return undefined;
}

function field(value: unknown, name: string): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>)[name] : undefined;
}

export function toDeadLetterRow(message: Message, position: number): DeadLetterRow {
  const headers = message.properties.headers as Headers | undefined;
  return {
    position,
    messageId: nonEmpty(message.properties.messageId),
    orderId: orderIdOf(parseBody(message.content)),
    correlationId: nonEmpty(message.properties.correlationId),
    routingKey: stringHeader(headers, RabbitHeader.OriginalRoutingKey),
    originalQueue: stringHeader(headers, RabbitHeader.OriginalQueue),
    attempts: numberHeader(headers, RabbitHeader.Attempts),
    deathReason: stringHeader(headers, RabbitHeader.DeathReason),
    errorName: stringHeader(headers, RabbitHeader.ErrorName),
    errorMessage: stringHeader(headers, RabbitHeader.ErrorMessage),
    firstFailureAt: stringHeader(headers, RabbitHeader.FirstFailureAt),
    lastFailureAt: stringHeader(headers, RabbitHeader.LastFailureAt),
    service: stringHeader(headers, RabbitHeader.Service),
    replayCount: numberHeader(headers, RabbitHeader.ReplayCount),
  };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** `<death reason>: <error message>`, whichever of the two is known. */
export function reasonOf(row: Pick<DeadLetterRow, 'deathReason' | 'errorMessage'>): string {
  return [row.deathReason, row.errorMessage].filter(Boolean).join(': ');
}
