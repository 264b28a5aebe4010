// Test support only (not exported): real SQLite files and real PostgreSQL schemas, one per test.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createDatabase } from './create-database';
import type { DatabaseOptions, Dialect } from './database.config';

export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** One isolated database: `open()` gives further instances on the same data (another "process"). */
export interface TestDatabase {
  readonly dialect: Dialect;
  readonly options: DatabaseOptions;
  open<DB>(): Kysely<DB>;
  /** Destroys every instance opened, then drops the schema or deletes the files. */
  cleanup(): Promise<void>;
}

export function testDatabase(dialect: Dialect): TestDatabase {
  const id = randomUUID().replaceAll('-', '').slice(0, 16);
  const dir = dialect === 'sqlite' ? mkdtempSync(join(tmpdir(), 'ecom-kysely-')) : undefined;
  const options: DatabaseOptions = {
    databaseUrl: dialect === 'postgres' ? TEST_DATABASE_URL : undefined,
    // A subdirectory that does not exist yet, so createDatabase has to make it.
    sqliteFile: join(dir ?? tmpdir(), 'data', `${id}.sqlite`),
    pgSchema: `test_${id}`,
  };
  const opened: Kysely<unknown>[] = [];
  return {
    dialect,
    options,
    open<DB>() {
      const db = createDatabase<DB>(options);
      opened.push(db as Kysely<unknown>);
      return db;
    },
    async cleanup() {
      await Promise.all(opened.map((db) => db.destroy()));
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      if (dialect === 'postgres') await dropSchema(options.pgSchema);
    },
  };
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** Polls `check` until it returns true or the deadline passes. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
