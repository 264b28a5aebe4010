/** Header values arrive as strings, numbers or Buffers (AMQP long strings), depending on the producer. */
export type Headers = Record<string, unknown>;

// The readers the consumer uses, under the names this entry point has always exported.
export { numberHeader as headerNumber, stringHeader as headerString } from '../retry/rabbit-headers';

/** A header value as something JSON can carry (Buffers as text). */
export function plainHeaderValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) return value.map(plainHeaderValue);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plainHeaderValue(inner)]));
  }
  return value;
}
