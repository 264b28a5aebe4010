import { spawn } from 'node:child_process';
import { type Generated, type Kysely, type Migration, sql } from 'kysely';
import type { Dialect } from './database.config';
import { dialectOf, messagingMigrations, serialPrimaryKey } from '@ecom/rabbit/kysely';
import { migrateToLatest } from './migrate';
import { type TestDatabase, testDatabase, waitFor } from './test-databases';

interface OrdersDb {
  orders: { id: Generated<number>; total_cents: number; placed_at: number; note: string | null };
}

const ownMigrations: Record<string, Migration> = {
  '0001_create_orders': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('orders')
        .$call((t) => serialPrimaryKey(t, 'id', dialectOf(db)))
        .addColumn('total_cents', 'bigint', (c) => c.notNull())
        .addColumn('placed_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '0002_add_note': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('orders').addColumn('note', 'text').execute();
    },
  },
};

async function tableNames(db: Kysely<unknown>, dialect: Dialect, schema: string): Promise<string[]> {
  const { rows } =
    dialect === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = ${schema}`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db);
  return rows.map((r) => r.name).sort();
}

describe.each<[Dialect]>([['sqlite'], ['postgres']])('migrateToLatest on %s', (dialect) => {
  let target: TestDatabase;
  beforeEach(() => (target = testDatabase(dialect)));
  afterEach(() => target.cleanup());

  it('creates the messaging and service tables, then does nothing on a second run', async () => {
    const db = target.open<OrdersDb>();
    const all = { ...ownMigrations, ...messagingMigrations };

    expect(await migrateToLatest(db, all)).toEqual([
      '0000_ecom_001_inbox',
      '0000_ecom_002_outbox',
      '0000_ecom_003_outbox_lease',
      '0001_create_orders',
      '0002_add_note',
    ]);
    expect(await tableNames(db as Kysely<unknown>, dialect, target.options.pgSchema)).toEqual([
      'ecom_inbox',
      'ecom_outbox',
      'ecom_outbox_lease',
      'kysely_migration',
      'kysely_migration_lock',
      'orders',
    ]);
    expect(await migrateToLatest(db, all)).toEqual([]);

    // A second instance (another process) finds nothing to do either.
    expect(await migrateToLatest(target.open(), all)).toEqual([]);

    await db.insertInto('orders').values({ total_cents: 1999, placed_at: 1700000000123, note: null }).execute();
    await db.insertInto('orders').values({ total_cents: 5, placed_at: 1700000000456, note: 'x' }).execute();
    const rows = await db.selectFrom('orders').selectAll().orderBy('id').execute();
    expect(rows).toEqual([
      { id: 1, total_cents: 1999, placed_at: 1700000000123, note: null },
      { id: 2, total_cents: 5, placed_at: 1700000000456, note: 'x' },
    ]);
  });

  it('runs a migration added later', async () => {
    const db = target.open();
    await migrateToLatest(db, messagingMigrations);
    expect(await migrateToLatest(db, { ...messagingMigrations, ...ownMigrations })).toEqual([
      '0001_create_orders',
      '0002_add_note',
    ]);
  });

  it('names the failing migration and applies none of the batch', async () => {
    const db = target.open();
    const broken: Record<string, Migration> = {
      ...ownMigrations,
      '0003_broken': {
        async up(db: Kysely<unknown>) {
          await sql`create table nonsense (`.execute(db);
        },
      },
    };
    await expect(migrateToLatest(db, broken)).rejects.toThrow(/Migration "0003_broken" failed: /);
    expect(await tableNames(db, dialect, target.options.pgSchema)).not.toContain('orders');
  });
});

describe('migrateToLatest on PostgreSQL schemas', () => {
  const targets: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(targets.splice(0).map((t) => t.cleanup()));
  });

  it('runs concurrent start-ups of one service once', async () => {
    const a = testDatabase('postgres');
    targets.push(a);
    const results = await Promise.all([
      migrateToLatest(a.open(), messagingMigrations),
      migrateToLatest(a.open(), messagingMigrations),
    ]);
    expect(results.map((r) => r.length).sort()).toEqual([0, 3]);
  });

  it('keeps each service, and its migration records, in its own schema', async () => {
    const a = testDatabase('postgres');
    const b = testDatabase('postgres');
    targets.push(a, b);
    expect(await migrateToLatest(a.open(), messagingMigrations)).toHaveLength(3);
    expect(await migrateToLatest(b.open(), messagingMigrations)).toHaveLength(3);
    const db = a.open();
    const { rows } = await sql<{ schema: string }>`
      select table_schema as schema from information_schema.tables
      where table_name = 'kysely_migration' and table_schema in (${a.options.pgSchema}, ${b.options.pgSchema}, 'public')
      order by 1`.execute(db);
    expect(rows.map((r) => r.schema)).toEqual([a.options.pgSchema, b.options.pgSchema].sort());
  });

  // Kysely lists the tables of every schema to find its own bookkeeping table; a schema dropped by
  // someone else meanwhile used to fail a service's start-up (about half of them under this churn).
  it('honours an explicit schema option', async () => {
    const a = testDatabase('postgres');
    targets.push(a);
    const other = `${a.options.pgSchema}_x`;
    const db = a.open();
    try {
      await expect(migrateToLatest(db, {}, { pgSchema: other })).resolves.toEqual([]);
      const { rows } = await sql`select 1 from pg_namespace where nspname = ${other}`.execute(db);
      expect(rows).toHaveLength(1);
    } finally {
      await sql`drop schema if exists ${sql.id(other)} cascade`.execute(db);
    }
  });
});

// Two instances in one process cannot show this on SQLite: better-sqlite3 waits for a lock
// synchronously, blocking the holder on the same thread too. So the other writer is a process.
describe('migrateToLatest on SQLite with another process writing', () => {
  let target: TestDatabase;
  beforeEach(() => (target = testDatabase('sqlite')));
  afterEach(() => target.cleanup());

  it("waits for the other process's write lock instead of failing", async () => {
    const db = target.open();
    await sql`select 1`.execute(db); // creates the file
    // Another process holds the write lock for a moment, as a second instance migrating would.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const db = new (require('better-sqlite3'))(process.argv[1]);
         db.exec('begin immediate; create table other_process (x integer)');
         process.stdout.write('locked\\n');
         setTimeout(() => { db.exec('commit'); db.close(); }, 300);`,
        target.options.sqliteFile,
      ],
      { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    holder.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => holder.on('exit', resolve));
    await waitFor(async () => output.includes('locked'));

    expect(await migrateToLatest(db, messagingMigrations)).toHaveLength(3);
    expect(await exited).toBe(0);
    expect(await migrateToLatest(db, messagingMigrations)).toEqual([]);
  });
});
