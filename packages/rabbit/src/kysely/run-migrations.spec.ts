import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Migration } from 'kysely';
import pg from 'pg';
import { testDatabase, type TestDatabase } from '../../test/support/databases';
import { messagingMigrations } from './messaging.migrations';
import type { Dialect } from './portable-schema';
import { runMigrations } from './run-migrations';

const DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const createNotes: Record<string, Migration> = {
  '0001_notes': { up: (db: Kysely<unknown>) => db.schema.createTable('notes').addColumn('id', 'text', (c) => c.primaryKey()).execute() },
};

describe.each<Dialect>(['sqlite', 'postgres'])('runMigrations on %s', (dialect) => {
  let database: TestDatabase;
  beforeEach(() => (database = testDatabase(dialect)));
  afterEach(() => database.cleanup());

  it('runs the library’s migrations and a team’s own, then nothing on a second run', async () => {
    const db = database.open<unknown>();
    const all = { ...messagingMigrations, ...createNotes };
    const ran = await runMigrations(db, all, { schema: database.schema });
    expect(ran).toEqual([...Object.keys(messagingMigrations).sort(), '0001_notes']);
    expect(await runMigrations(db, all, { schema: database.schema })).toEqual([]);
    await sql`insert into notes (id) values ('a')`.execute(db);
  });

  it('runs a migration the library adds after the team’s own have run', async () => {
    const db = database.open<unknown>();
    await runMigrations(db, createNotes, { schema: database.schema });
    // '0000_ecom_…' sorts before '0001_notes', which has already run: Kysely alone refuses this.
    expect(await runMigrations(db, { ...messagingMigrations, ...createNotes }, { schema: database.schema })).toEqual(
      Object.keys(messagingMigrations).sort(),
    );
  });

  it('names the migration that failed', async () => {
    const db = database.open<unknown>();
    const broken: Record<string, Migration> = {
      ...createNotes,
      '0002_broken': { up: (k: Kysely<unknown>) => sql`select * from no_such_table`.execute(k).then(() => undefined) },
    };
    await expect(runMigrations(db, broken, { schema: database.schema })).rejects.toThrow(/^Migration "0002_broken" failed: .*no_such_table/);
    const notes = sql`select 1 from notes`.execute(db);
    // One transaction on PostgreSQL; Kysely's SQLite adapter runs each migration on its own.
    if (dialect === 'postgres') await expect(notes).rejects.toThrow(/notes/);
    else await expect(notes).resolves.toEqual({ rows: [] });
  });
});

describe('runMigrations on PostgreSQL schemas', () => {
  const databases: TestDatabase[] = [];
  afterEach(async () => {
    await Promise.all(databases.splice(0).map((d) => d.cleanup()));
  });

  it('creates the schema and keeps the migration records in it', async () => {
    const database = testDatabase('postgres');
    databases.push(database);
    const db = database.open<unknown>();
    await runMigrations(db, createNotes, { schema: database.schema });
    const { rows } = await sql<{ name: string }>`select name from ${sql.table(`${database.schema}.kysely_migration`)}`.execute(db);
    expect(rows.map((r) => r.name)).toEqual(['0001_notes']);
  });

  it('runs concurrent start-ups once', async () => {
    const database = testDatabase('postgres');
    databases.push(database);
    const runs = await Promise.all([1, 2, 3].map(() => runMigrations(database.open(), messagingMigrations, { schema: database.schema })));
    expect(runs.flat().sort()).toEqual(Object.keys(messagingMigrations).sort());
  });

  // Kysely's Migrator lists every schema's tables, which fails while another schema is dropped.
  it('starts while other schemas in the same database are made and dropped', async () => {
    const churn = new pg.Client({ connectionString: DATABASE_URL });
    await churn.connect();
    const prefix = `churn_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    let stop = false;
    let made = 0;
    const churning = (async () => {
      while (!stop) {
        const schema = `${prefix}_${made++}`;
        await churn.query(`create schema ${schema}; create table ${schema}.t (id serial primary key)`);
        await churn.query(`drop schema ${schema} cascade`);
      }
    })();
    try {
      for (let start = 0; start < 15; start++) {
        const database = testDatabase('postgres');
        databases.push(database);
        expect(await runMigrations(database.open(), messagingMigrations, { schema: database.schema })).toHaveLength(3);
      }
    } finally {
      stop = true;
      await churning;
      await churn.end();
    }
    // The churn ran throughout: the starts above met schemas coming and going.
    expect(made).toBeGreaterThan(15);
  });
});
