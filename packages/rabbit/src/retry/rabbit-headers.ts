/**
 * Headers of ours. RabbitMQ 4 ignores client-set `x-*` headers, so attempts and failure
 * details travel under an `ecom-` prefix, the same on 3.x and 4.x.
 */
export const RabbitHeader = {
  /** 1-based attempt number of this delivery. */
  Attempt: 'ecom-attempt',
  /** Attempts made before the message was dead-lettered. */
  Attempts: 'ecom-attempts',
  OriginalExchange: 'ecom-original-exchange',
  /** The event's routing key: the retry path replaces the AMQP one with a queue name. */
  OriginalRoutingKey: 'ecom-original-routing-key',
  OriginalQueue: 'ecom-original-queue',
  FirstFailureAt: 'ecom-first-failure-at',
  LastFailureAt: 'ecom-last-failure-at',
  /** Why the message is in a dead-letter queue: see {@link DeathReason}. */
  DeathReason: 'ecom-death-reason',
  ErrorName: 'ecom-error-name',
  ErrorMessage: 'ecom-error-message',
  ErrorStack: 'ecom-error-stack',
  /** JSON list of `{ path, message }` for a message that failed its schema. */
  Violations: 'ecom-violations',
  Service: 'ecom-service',
  Host: 'ecom-host',
  /** Set by a replay from a dead-letter queue: when, and how many replays so far. */
  ReplayedAt: 'ecom-replayed-at',
  ReplayCount: 'ecom-replay-count',
} as const;

export const DeathReason = {
  NotJson: 'not-json',
  InvalidSchema: 'invalid-schema',
  NoHandler: 'no-handler',
  NonRetryable: 'non-retryable',
  RetriesExhausted: 'retries-exhausted',
} as const;
export type DeathReason = (typeof DeathReason)[keyof typeof DeathReason];

/** Longest stack kept in a header: enough to find the line, small enough for every frame limit. */
export const MAX_STACK_LENGTH = 2_000;

/** The copy's headers: the original ones minus broker-owned `x-*` ones, which v4 would ignore. */
export function copyHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (!key.startsWith('x-')) copy[key] = value;
  }
  return copy;
}

/** Reads a numeric header that may arrive as a number, a string or a Buffer. */
export function numberHeader(headers: Record<string, unknown> | undefined, name: string): number | undefined {
  const raw = headers?.[name];
  if (raw === undefined || raw === null) return undefined;
  const value = typeof raw === 'number' ? raw : Number(Buffer.isBuffer(raw) ? raw.toString() : raw);
  return Number.isFinite(value) ? value : undefined;
}

/** Reads a string header (AMQP long strings may arrive as Buffers). */
export function stringHeader(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  if (raw === undefined || raw === null) return undefined;
  const value = Buffer.isBuffer(raw) ? raw.toString() : String(raw);
  return value.length > 0 ? value : undefined;
}
