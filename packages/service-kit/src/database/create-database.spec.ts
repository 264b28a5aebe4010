import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { dialectOf } from '@ecom/rabbit/kysely';
import { createDatabase, pgSchemaOf } from './create-database';
import { assertSchemaName, isPostgresUrl } from './database.config';
import { isTransientFailure } from '@ecom/rabbit';
import { migrateToLatest } from './migrate';
import { type TestDatabase, testDatabase, waitFor } from './test-databases';

describe('database config', () => {
  it('accepts only plain lowercase schema names', () => {
    expect(assertSchemaName('order_service')).toBe('order_service');
    for (const bad of ['Order', '1orders', 'a-b', 'x"; drop schema public; --', '', 'a'.repeat(64)]) {
      expect(() => assertSchemaName(bad)).toThrow(/Invalid PostgreSQL schema name/);
    }
  });

  it('recognises PostgreSQL URLs only', () => {
    expect(isPostgresUrl('postgres://u@h/db')).toBe(true);
    expect(isPostgresUrl('postgresql://u@h/db')).toBe(true);
    expect(isPostgresUrl('mysql://u@h/db')).toBe(false);
    expect(isPostgresUrl('file:orders.sqlite')).toBe(false);
    expect(isPostgresUrl(undefined)).toBe(false);
  });

  it('rejects a bad schema before connecting', () => {
    expect(() =>
      createDatabase({ databaseUrl: 'postgres://u@127.0.0.1/x', sqliteFile: 'unused', pgSchema: 'Bad-Name' }),
    ).toThrow(/Invalid PostgreSQL schema name/);
  });
});

describe('createDatabase on SQLite', () => {
  let target: TestDatabase;
  beforeEach(() => (target = testDatabase('sqlite')));
  afterEach(() => target.cleanup());

  it('creates the directory and file and sets the pragmas', async () => {
    const db = target.open();
    expect(dialectOf(db)).toBe('sqlite');
    expect(pgSchemaOf(db)).toBeUndefined();
    expect(existsSync(target.options.sqliteFile)).toBe(true);
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(await pragma('synchronous')).toBe(1); // NORMAL
    expect(await pragma('busy_timeout')).toBe(100);
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('temp_store')).toBe(2); // MEMORY
    expect(await pragma('cache_size')).toBe(-2048); // 2 MB (in KiB), not better-sqlite3's 16
  });

  it('takes the page cache size it is given', async () => {
    const db = createDatabase({ ...target.options, sqliteCacheMb: 8 });
    try {
      expect((await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size).toBe(-8192);
    } finally {
      await db.destroy();
    }
  });

  it('waits for another connection’s write lock without blocking the event loop', async () => {
    const db = target.open();
    await sql`create table t (n integer)`.execute(db);
    const other = new Database(target.options.sqliteFile);
    other.exec('begin immediate');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const insert = db.transaction().execute((tx) => sql`insert into t values (1)`.execute(tx));
    try {
      // The timers keep firing while the transaction waits: the thread is not held by busy_timeout.
      await waitFor(async () => ticks >= 20, 5_000);
    } finally {
      other.exec('commit');
      other.close();
      clearInterval(ticker);
    }
    await insert;
    const { rows } = await sql<{ n: number }>`select count(*) as n from t`.execute(db);
    expect(rows[0].n).toBe(1);
  });

  it('logs statements without their parameters when asked', async () => {
    const debug = jest.spyOn(console, 'debug').mockImplementation(() => undefined);
    const db = createDatabase({ ...target.options, logQueries: true });
    try {
      await sql`select ${'secret-value'} as v`.execute(db);
      const logged = debug.mock.calls.map((args) => args.join(' ')).join('\n');
      expect(logged).toMatch(/SQL [\d.]+ ms: select \? as v/);
      expect(logged).not.toContain('secret-value');
    } finally {
      debug.mockRestore();
      await db.destroy();
    }
  });

  it('ignores a non-PostgreSQL URL and uses the file', async () => {
    const db = createDatabase({ ...target.options, databaseUrl: 'mysql://nope' });
    try {
      expect(dialectOf(db)).toBe('sqlite');
      expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows).toEqual([{ one: 1 }]);
    } finally {
      await db.destroy();
    }
  });
});

describe('createDatabase on PostgreSQL', () => {
  let target: TestDatabase;
  beforeEach(() => (target = testDatabase('postgres')));
  afterEach(() => target.cleanup());

  it('puts every connection on the service schema only', async () => {
    const db = target.open();
    expect(dialectOf(db)).toBe('postgres');
    expect(pgSchemaOf(db)).toBe(target.options.pgSchema);
    await migrateToLatest(db, {});
    // Several connections at once, each must have the path.
    const paths = await Promise.all(
      Array.from({ length: 4 }, () =>
        db.transaction().execute(async (tx) => {
          const { rows } = await sql<{ path: string; schema: string }>`
            select current_setting('search_path') as path, current_schema() as schema, pg_sleep(0.05)`.execute(tx);
          return rows[0];
        }),
      ),
    );
    for (const row of paths) {
      expect(row.path).toBe(target.options.pgSchema);
      expect(row.schema).toBe(target.options.pgSchema);
    }
  });

  it('reads BIGINT as a number and NUMERIC as an exact string', async () => {
    const db = target.open();
    const { rows } = await sql<{ big: unknown; num: unknown; counted: unknown }>`
      select 1700000000000::bigint as big, 12.30::numeric(10,2) as num, (select count(*) from pg_namespace where false) as counted`.execute(db);
    expect(rows[0]).toEqual({ big: 1700000000000, num: '12.30', counted: 0 });
    await expect(sql`select 9007199254740993::bigint as big`.execute(db)).rejects.toThrow(/does not fit/);
  });

  it('leaves the global pg type parsers alone', async () => {
    const pg = (await import('pg')).default;
    expect(pg.types.getTypeParser(pg.types.builtins.INT8, 'text')('5')).toBe('5');
  });

  it('survives a connection the server terminates while it is checked out or idle, and classifies the failure transient', async () => {
    const db = target.open();
    const backendPid = async (executor: typeof db) =>
      (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(executor)).rows[0].pid;
    const terminate = async (pid: number) => {
      const admin = target.open();
      await sql`select pg_terminate_backend(${pid})`.execute(admin);
    };
    // Inside a transaction the client is checked out of the pool, where pg-pool does not listen
    // for its errors: before the fix the server's 57P01 was an unhandled 'error' event (exit).
    const failure = await db
      .transaction()
      .execute(async (tx) => {
        await terminate(await backendPid(tx as unknown as typeof db));
        await new Promise((resolve) => setTimeout(resolve, 100));
        await sql`select 1`.execute(tx);
      })
      .then(() => undefined, (error: unknown) => error);
    expect(isTransientFailure(failure)).toBe(true);
    // An idle pooled connection killed the same way is dropped by the pool; the next query reconnects.
    const idlePid = await backendPid(db);
    await terminate(idlePid);
    await waitFor(async () => (await backendPid(db).catch(() => idlePid)) !== idlePid);
    expect((await sql<{ one: number }>`select 1 as one`.execute(db)).rows[0].one).toBe(1);
  });
});
