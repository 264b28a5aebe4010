import { BadRequestException } from '@nestjs/common';

/** Paging of every list endpoint: `limit` 1–1000 (default 100) and `offset` ≥ 0 (default 0); 400 naming each bad one. */
export function parseLimitOffset(limit?: string, offset?: string): { limit: number; offset: number } {
  const errors: { field: string; message: string }[] = [];
  const parse = (field: string, raw: string | undefined, fallback: number, max: number) => {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) > max || (field === 'limit' && Number(raw) < 1)) {
      errors.push({ field, message: `must be an integer from ${field === 'limit' ? 1 : 0} to ${max}` });
    }
    return Number(raw);
  };
  const page = { limit: parse('limit', limit, 100, 1000), offset: parse('offset', offset, 0, Number.MAX_SAFE_INTEGER) };
  if (errors.length > 0) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: 'query is invalid', errors });
  return page;
}
