import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql, type Migration } from 'kysely';
import pg from 'pg';
import { runMigrations, type Dialect } from '../../src/kysely';

const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A real database for the library's own tests, opened the plain Kysely way (the services open
 * theirs through @ecom/service-kit): an SQLite file, or a PostgreSQL schema of its own.
 */
export interface TestDatabase {
  readonly dialect: Dialect;
  /** PostgreSQL: the schema every connection's search_path names; SQLite: undefined. */
  readonly schema: string | undefined;
  open<DB>(): Kysely<DB>;
  migrate(migrations: Record<string, Migration>): Promise<void>;
  cleanup(): Promise<void>;
}

export function testDatabase(dialect: Dialect): TestDatabase {
  const id = randomUUID().replaceAll('-', '').slice(0, 16);
  const schema = `rabbit_test_${id}`;
  const dir = dialect === 'sqlite' ? mkdtempSync(join(tmpdir(), 'ecom-rabbit-')) : undefined;
  const opened: Kysely<unknown>[] = [];
  const open = <DB>(): Kysely<DB> => {
    const db =
      dialect === 'sqlite'
        ? new Kysely<DB>({ dialect: new SqliteDialect({ database: sqliteFile(join(dir ?? tmpdir(), 'test.sqlite')) }) })
        : new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: DATABASE_URL, options: `-c search_path=${schema}` }) }) });
    opened.push(db as Kysely<unknown>);
    return db;
  };
  return {
    dialect,
    schema: dialect === 'postgres' ? schema : undefined,
    open,
    async migrate(migrations) {
      await runMigrations(open<unknown>(), migrations, { schema });
    },
    async cleanup() {
      if (dialect === 'postgres') await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(opened[0] ?? open());
      await Promise.all(opened.map((db) => db.destroy()));
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function sqliteFile(file: string): Database.Database {
  const sqlite = new Database(file);
  // Two Kysely instances on one file stand for two processes: wait for the lock, as services do.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

/** A whole PostgreSQL database of the test's own (an app that migrates as on a fresh deployment), dropped afterwards. */
export async function createPostgresDatabase(): Promise<{ url: string; remove: () => Promise<void> }> {
  const name = `rabbit_pack_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), remove: () => admin(`drop database if exists ${name} with (force)`) };
}
