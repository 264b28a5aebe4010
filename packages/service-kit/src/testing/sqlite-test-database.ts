import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messagingMigrations } from '@ecom/rabbit/kysely';
import type { Kysely, Migration } from 'kysely';
import { createDatabase } from '../database/create-database';
import { migrateToLatest } from '../database/migrate';

export interface SqliteTestDatabase<DB> {
  readonly db: Kysely<DB>;
  /** Closes the database and deletes its directory. */
  close(): Promise<void>;
}

/**
 * A service's database for a spec: a real SQLite file in a directory of its own, opened as the
 * service opens it and migrated as it migrates at start-up (the library's messaging tables, then
 * `migrations`).
 */
export async function sqliteTestDatabase<DB>(migrations: Record<string, Migration>): Promise<SqliteTestDatabase<DB>> {
  const dir = mkdtempSync(join(tmpdir(), 'ecom-spec-'));
  const db = createDatabase<DB>({ sqliteFile: join(dir, 'service.sqlite'), pgSchema: 'unused' });
  const close = async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(db, { ...messagingMigrations, ...migrations });
  } catch (error) {
    await close();
    throw error;
  }
  return { db, close };
}
