import { PublishBufferFullError, PublisherClosedError, PublishTimeoutError } from './rabbit.errors';

/**
 * Decides whether a failure says something about the message or only about a dependency.
 * Return true (transient: wait for the dependency and try again, never counting an attempt),
 * false (the message's own failure: retry queue, then dead-letter), or undefined to leave the
 * decision to the library's default classification.
 */
export type TransientFailureClassifier = (error: unknown) => boolean | undefined;

/**
 * PostgreSQL SQLSTATEs that mean "the server or the connection", not "this statement": class 08
 * (connection exception), admin shutdown / crash shutdown / cannot connect now (57P01–57P03),
 * too many connections (53300), and the two a retry is the documented answer to: serialization
 * failure (40001) and deadlock detected (40P01).
 */
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01']);

/** Socket-level failures of any client (pg, amqplib, HTTP): the peer is away, not the message wrong. */
const TRANSIENT_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
]);

/** SQLite's "another connection holds the lock" family: wait and the lock is free again. */
const TRANSIENT_SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_LOCKED']);

/**
 * Messages of errors that carry no code: node-postgres reports a dropped or refused connection
 * with plain Errors, and amqplib a channel that closed under a publish with an IllegalOperationError.
 */
const TRANSIENT_MESSAGES = [
  /^Connection terminated/,
  /Client has encountered a connection error and is not queryable/,
  /^timeout exceeded when trying to connect/,
  /^Connection ended unexpectedly/,
  /^Channel closed/,
  /^Channel ended, no reply will be forthcoming/,
  /^Connection closed/,
];

/**
 * The library's default classification: true when `error`, or anything in its `cause` chain (or
 * an AggregateError's members), is a lost or refused connection, a PostgreSQL connection /
 * shutdown / serialization SQLSTATE, SQLite's busy family, or the publisher waiting for the broker.
 * Duck-typed on `code` and `message`: errors from another realm (a native module under Jest) fail
 * `instanceof Error`.
 */
export function isTransientFailure(error: unknown, classify?: TransientFailureClassifier): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length > 0 && seen.size < 16) {
    const current = pending.shift();
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const decided = classify?.(current);
    if (decided !== undefined) return decided;
    if (isTransientOne(current)) return true;
    const { cause, errors } = current as { cause?: unknown; errors?: unknown };
    if (cause !== undefined) pending.push(cause);
    if (Array.isArray(errors)) pending.push(...(errors as unknown[]));
  }
  return false;
}

function isTransientOne(error: object): boolean {
  if (error instanceof PublishTimeoutError || error instanceof PublisherClosedError || error instanceof PublishBufferFullError) {
    return true;
  }
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (TRANSIENT_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    if (TRANSIENT_ERRNOS.has(code) || TRANSIENT_SQLITE_CODES.has(code)) return true;
  }
  return typeof message === 'string' && TRANSIENT_MESSAGES.some((pattern) => pattern.test(message));
}
