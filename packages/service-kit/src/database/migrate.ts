import type { Kysely, Migration } from 'kysely';
import { dialectOf, runMigrations } from '@ecom/rabbit/kysely';
import { pgSchemaOf } from './create-database';
import { assertSchemaName } from './database.config';
import { SQLITE_LOCK_WAIT_MS } from './sqlite-immediate-dialect';

export interface MigrateOptions {
  /** The PostgreSQL schema; defaults to the one `createDatabase` opened the instance on. */
  pgSchema?: string;
}

/**
 * Brings the database to the latest migration at start-up; returns the names it ran (empty when
 * already current). Migrations run in name order, so name them '0001_create_orders' and so on.
 * `runMigrations` (@ecom/rabbit/kysely) does the work: all pending migrations in one transaction, the
 * library's added later run after the service's, failures caused by another process tried again.
 * Here the migration records go to the service's own schema, not a shared `public`, and the retries
 * last as long as SQLite's lock waits. Concurrent start-ups are safe: Kysely takes an advisory lock on
 * PostgreSQL, and the SQLite transaction takes the write lock up front (sqlite-immediate-dialect.ts).
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  migrations: Record<string, Migration>,
  opts: MigrateOptions = {},
): Promise<string[]> {
  const schema = dialectOf(db) === 'postgres' ? (opts.pgSchema ?? pgSchemaOf(db)) : undefined;
  return runMigrations(db, migrations, {
    schema: schema === undefined ? undefined : assertSchemaName(schema),
    retryForMs: SQLITE_LOCK_WAIT_MS,
  });
}
