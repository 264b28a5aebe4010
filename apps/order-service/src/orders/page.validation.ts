import { BadRequestException } from '@nestjs/common';

export interface Page {
  limit: number;
  offset: number;
  filters: Record<string, string | undefined>;
}

/** Largest page a read endpoint serves; the audit pages through everything with it. */
export const MAX_PAGE = 1000;

/** `limit` (1–1000, default 100), `offset` (≥ 0, default 0) and the named string filters; 400 naming each bad one. */
export function parsePage(query: Record<string, unknown>, filterNames: readonly string[]): Page {
  const errors: { field: string; message: string }[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = query[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (typeof raw !== 'string' || !/^\d+$/.test(raw) || value < min || value > max) {
      errors.push({ field: name, message: `must be an integer from ${min} to ${max}` });
    }
    return value;
  };
  const limit = integer('limit', 100, 1, MAX_PAGE);
  const offset = integer('offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const filters: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(query)) {
    if (name === 'limit' || name === 'offset') continue;
    if (!filterNames.includes(name)) errors.push({ field: name, message: 'is not a known query parameter' });
    else if (typeof value !== 'string') errors.push({ field: name, message: 'must be given once' });
    else filters[name] = value;
  }
  if (errors.length > 0) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'query is invalid', errors });
  return { limit, offset, filters };
}
