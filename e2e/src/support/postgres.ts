import { randomUUID } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A database of the suite's own on the PostgreSQL server, dropped afterwards. */
export async function createPostgresDatabase(): Promise<{ url: string; remove: () => Promise<void> }> {
  const name = `ecom_e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), remove: () => admin(`drop database if exists ${name} with (force)`) };
}
