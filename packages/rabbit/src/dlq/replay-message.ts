import type { Message, Options } from 'amqplib';
import { numberHeader, RabbitHeader } from '../retry/rabbit-headers';
import type { Headers } from './headers';

/**
 * Headers the transport adds when a message fails: they describe the failure, not the event, so
 * a replay drops them (a new failure writes fresh ones).
 */
export const FAILURE_HEADERS: readonly string[] = [
  RabbitHeader.DeathReason,
  RabbitHeader.ErrorName,
  RabbitHeader.ErrorMessage,
  RabbitHeader.ErrorStack,
  RabbitHeader.OriginalExchange,
  RabbitHeader.OriginalRoutingKey,
  RabbitHeader.OriginalQueue,
  RabbitHeader.Attempts,
  RabbitHeader.FirstFailureAt,
  RabbitHeader.LastFailureAt,
  RabbitHeader.Service,
  RabbitHeader.Host,
  RabbitHeader.Violations,
];

/**
 * The replayed copy's headers: the original ones minus the failure ones and the broker-owned `x-*`
 * ones, with the attempt counter back at 1 and the replay stamped (`ecom-replay-count` + 1).
 */
export function replayHeaders(headers: Headers | undefined, now: Date): Headers {
  const dropped = new Set<string>([...FAILURE_HEADERS, RabbitHeader.Attempt, RabbitHeader.ReplayedAt, RabbitHeader.ReplayCount]);
  const copy: Headers = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!dropped.has(name) && !name.startsWith('x-')) copy[name] = value;
  }
  copy[RabbitHeader.Attempt] = 1;
  copy[RabbitHeader.ReplayedAt] = now.toISOString();
  copy[RabbitHeader.ReplayCount] = (numberHeader(headers, RabbitHeader.ReplayCount) ?? 0) + 1;
  return copy;
}

export type ReplayTarget = { ok: true; exchange: string; routingKey: string } | { ok: false; reason: string };

/** Where a dead-lettered message came from: `ecom-original-exchange` + `ecom-original-routing-key`. */
export function replayTargetOf(message: Message): ReplayTarget {
  const headers = message.properties.headers as Headers | undefined;
  const exchange = rawString(headers?.[RabbitHeader.OriginalExchange]);
  const routingKey = rawString(headers?.[RabbitHeader.OriginalRoutingKey]);
  if (exchange === undefined) return { ok: false, reason: `no ${RabbitHeader.OriginalExchange} header` };
  if (!routingKey) return { ok: false, reason: `no ${RabbitHeader.OriginalRoutingKey} header` };
  return { ok: true, exchange, routingKey };
}

/** A string header kept as is, empty included (the default exchange is ''). */
function rawString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return Buffer.isBuffer(value) ? value.toString('utf8') : String(value);
}

/** Publish options of the replayed copy: the event's own properties, persistent and mandatory. */
export function replayPublishOptions(message: Message, now: Date): Options.Publish {
  const { properties } = message;
  const options: Options.Publish = {
    headers: replayHeaders(properties.headers as Headers | undefined, now),
    persistent: true,
    mandatory: true,
  };
  if (properties.messageId !== undefined) options.messageId = properties.messageId as string;
  if (properties.correlationId !== undefined) options.correlationId = properties.correlationId as string;
  if (properties.type !== undefined) options.type = properties.type as string;
  if (properties.appId !== undefined) options.appId = properties.appId as string;
  if (properties.timestamp !== undefined) options.timestamp = properties.timestamp as number;
  if (properties.contentType !== undefined) options.contentType = properties.contentType as string;
  if (properties.contentEncoding !== undefined) options.contentEncoding = properties.contentEncoding as string;
  return options;
}
