import { type Kysely, type Migration, type MigrationResult, Migrator, sql } from 'kysely';
import { dialectOf } from '@ecom/rabbit/kysely';
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
 * All pending migrations run in one transaction on both dialects: a failure leaves none applied.
 * Concurrent start-ups are safe: Kysely takes an advisory lock on PostgreSQL, and the SQLite
 * transaction takes the write lock up front (see sqlite-immediate-dialect.ts).
 */
export async function migrateToLatest<DB>(
  db: Kysely<DB>,
  migrations: Record<string, Migration>,
  opts: MigrateOptions = {},
): Promise<string[]> {
  const schema = dialectOf(db) === 'postgres' ? (opts.pgSchema ?? pgSchemaOf(db)) : undefined;
  if (schema !== undefined) await ensureSchema(db, assertSchemaName(schema));

  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Migration bookkeeping lives beside the service's tables, not in a shared `public`.
    migrationTableSchema: schema,
    // Library migrations ('0000_ecom_…') may be added after a service's own have run; each
    // migration is independent of names it did not know, so order of arrival is acceptable.
    allowUnorderedMigrations: true,
  });
  // What another process does to the database can fail a try that the next one passes (see
  // isPassing); such failures are tried again, within the time SQLite's lock waits are given.
  const deadline = Date.now() + SQLITE_LOCK_WAIT_MS;
  for (;;) {
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error === undefined) return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
    if (!isPassing(error, results, schema) || Date.now() > deadline) throw migrationError(error, results);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A failure that says nothing about these migrations, only about another process, and passes:
 * - SQLite: Kysely creates its bookkeeping tables outside the migration transaction, where SQLite's
 *   short busy_timeout applies, so another process holding the write lock fails it.
 * - PostgreSQL: to find its bookkeeping table Kysely lists the tables of every schema in the
 *   database, and its query fails when another schema, or a table in one, is dropped while it runs
 *   (`has_schema_privilege` on a schema that is gone: 3F000; a table's serial sequence: 42P01).
 *   Services sharing a database, and test runs making and dropping schemas, do that at any time.
 *   A failure naming this service's own schema, or one inside a migration, is not passing.
 */
function isPassing(error: unknown, results: MigrationResult[], schema: string | undefined): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_BUSY') return true;
  if (schema === undefined || (code !== '3F000' && code !== '42P01')) return false;
  if (results.some((r) => r.status === 'Error')) return false;
  const message = error instanceof Error ? error.message : String(error);
  return !message.includes(`"${schema}"`) && !message.includes(`${schema}.`);
}

/** `create schema if not exists` can still fail when two instances race; losing that race is fine. */
async function ensureSchema<DB>(db: Kysely<DB>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (error) {
    const found = await sql<{ found: number }>`select 1 as found from pg_namespace where nspname = ${schema}`.execute(db);
    if (found.rows.length === 0) throw error;
  }
}

function migrationError(error: unknown, results: MigrationResult[]): Error {
  const reason = error instanceof Error ? error.message : String(error);
  const failed = results.find((r) => r.status === 'Error');
  const message = failed
    ? `Migration "${failed.migrationName}" failed: ${reason}`
    : `Migrations could not run: ${reason}`;
  return new Error(message, { cause: error });
}
