/** Header values arrive as strings, numbers or Buffers (AMQP long strings), depending on the producer. */
export type Headers = Record<string, unknown>;

export function headerString(headers: Headers | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  if (raw === undefined || raw === null) return undefined;
  const value = Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw);
  return value.length > 0 ? value : undefined;
}

export function headerNumber(headers: Headers | undefined, name: string): number | undefined {
  const raw = headers?.[name];
  if (raw === undefined || raw === null) return undefined;
  const value = typeof raw === 'number' ? raw : Number(Buffer.isBuffer(raw) ? raw.toString('utf8') : raw);
  return Number.isFinite(value) ? value : undefined;
}

/** A header value as something JSON can carry (Buffers as text). */
export function plainHeaderValue(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) return value.map(plainHeaderValue);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, plainHeaderValue(inner)]));
  }
  return value;
}
