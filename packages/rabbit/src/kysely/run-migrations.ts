import { Migrator, sql, type Kysely, type Migration, type MigrationResult } from 'kysely';
import { dialectOf } from './portable-schema';

export interface RunMigrationsOptions {
  /**
   * PostgreSQL: the schema that holds Kysely's bookkeeping tables, created when missing. Give the
   * schema the connections' `search_path` names, so the records sit beside the tables they describe;
   * without it they go to `public`. Ignored on SQLite.
   */
  schema?: string;
  /** How long failures caused by another process are tried again (see `isPassing`); 5 s by default. */
  retryForMs?: number;
}

/**
 * Brings the database to the latest of `migrations` with Kysely's `Migrator` and returns the names it
 * ran (empty when already current). Merge the library's with your own:
 * `runMigrations(db, { ...messagingMigrations, ...ownMigrations })`. What it adds to a bare `Migrator`:
 * - migrations the library adds in a later release run after yours (`allowUnorderedMigrations`: each
 *   is independent of names it did not know);
 * - a failure caused by another process, not by a migration, is tried again within `retryForMs`:
 *   another instance holding SQLite's write lock, or (PostgreSQL) another schema of the same
 *   database dropped while the `Migrator` lists every schema's tables;
 * - an error naming the migration that failed. On PostgreSQL all pending migrations run in one
 *   transaction, so a failure leaves none of them applied; Kysely's SQLite adapter declines
 *   transactional DDL, so there the migrations before the failed one stay applied.
 * Concurrent start-ups are safe on PostgreSQL (Kysely takes an advisory lock); on SQLite, open the
 * database so that a transaction takes the write lock up front, or two instances may both begin.
 */
export async function runMigrations<DB>(
  db: Kysely<DB>,
  migrations: Record<string, Migration>,
  options: RunMigrationsOptions = {},
): Promise<string[]> {
  const schema = dialectOf(db) === 'postgres' ? options.schema : undefined;
  if (schema !== undefined) await ensureSchema(db, schema);

  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableSchema: schema,
    allowUnorderedMigrations: true,
  });
  const deadline = Date.now() + (options.retryForMs ?? 5_000);
  for (;;) {
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error === undefined) return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
    if (!isPassing(error, results, schema) || Date.now() > deadline) throw migrationError(error, results);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A failure that says nothing about these migrations, only about another process, and passes:
 * - SQLite: Kysely creates its bookkeeping tables outside the migration transaction, where the
 *   connection's busy timeout applies, so another process holding the write lock long fails it.
 * - PostgreSQL: to find its bookkeeping table Kysely lists the tables of every schema in the
 *   database, and its query fails when another schema, or a table in one, is dropped while it runs
 *   (`has_schema_privilege` on a schema that is gone: 3F000; a table's serial sequence: 42P01).
 *   Services sharing a database, and test runs making and dropping schemas, do that at any time.
 *   A failure naming this schema, or one inside a migration, is not passing.
 */
function isPassing(error: unknown, results: MigrationResult[], schema: string | undefined): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'SQLITE_BUSY') return true;
  if (code !== '3F000' && code !== '42P01') return false;
  if (results.some((r) => r.status === 'Error')) return false;
  if (schema === undefined) return true;
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
