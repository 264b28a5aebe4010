import type { CustomTypesConfig } from 'pg';
import type PgModule from 'pg';

/** BIGINT's type id (pg.types.builtins.INT8), fixed by PostgreSQL. */
const INT8_OID = 20;

/**
 * BIGINT comes back as a number, because this layer stores timestamps as epoch milliseconds and
 * sequence numbers in BIGINT columns, and `count(*)` is BIGINT too: strings there would leak into
 * every caller and compare wrongly. A value beyond Number.MAX_SAFE_INTEGER throws rather than lose
 * precision silently.
 */
export function parseInt8(value: string): number {
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed)) {
    throw new RangeError(`BIGINT ${value} does not fit a JavaScript number exactly`);
  }
  return parsed;
}

/**
 * Type parsers for one pool only: `pg.types.setTypeParser` would change every other pg user in
 * the process. NUMERIC deliberately stays a string (pg's default): it is exact decimal, and a
 * float would round it; keep money in integer minor units (BIGINT) or parse NUMERIC yourself.
 */
export function pgTypeParsers(pg: typeof PgModule): CustomTypesConfig {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID && format !== 'binary'
        ? parseInt8
        : pg.types.getTypeParser(oid as never, format)) as CustomTypesConfig['getTypeParser'],
  };
}
