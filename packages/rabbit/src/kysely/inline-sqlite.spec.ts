import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, sql, type KyselyPlugin } from 'kysely';
import { executeCompiled, runTransactionQueriesInline, type SqliteStatements } from './inline-sqlite';
import { prepareQuery } from './prepared-query';

interface ItemsDatabase {
  items: { id: string; quantity: number };
}

const insertItem = prepareQuery<ItemsDatabase, { id: string; quantity: number }>()((db, param) =>
  db.insertInto('items').values({ id: param('id'), quantity: param('quantity') }).onConflict((oc) => oc.column('id').doNothing()),
);
const insertReturning = prepareQuery<ItemsDatabase, { id: string; quantity: number }>()((db, param) =>
  db.insertInto('items').values({ id: param('id'), quantity: param('quantity') }).returning(['id', 'quantity']),
);
const findItem = prepareQuery<ItemsDatabase, { id: string }>()((db, param) => db.selectFrom('items').selectAll().where('id', '=', param('id')));

/** A plugin with a result hook, which only Kysely's executor runs. */
const doubling: KyselyPlugin = {
  transformQuery: (args) => args.node,
  transformResult: async ({ result }) => ({ ...result, rows: result.rows.map((row) => ({ ...row, quantity: Number(row['quantity']) * 2 })) }),
};

/** A plugin that changes nothing, so a transaction's queries take Kysely's path for comparison. */
const passing: KyselyPlugin = { transformQuery: (args) => args.node, transformResult: async ({ result }) => result };

describe('runTransactionQueriesInline', () => {
  let dir: string;
  let sqlite: Database.Database;
  let db: Kysely<ItemsDatabase>;
  /** The SQL each inline run prepared: the dialect runs the same connection without passing here. */
  let inlined: string[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ecom-inline-'));
    sqlite = new Database(join(dir, 'test.sqlite'));
    sqlite.pragma('journal_mode = WAL');
    db = new Kysely<ItemsDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
    await sql`create table items (id text primary key, quantity integer not null check (quantity >= 0))`.execute(db);
    inlined = [];
    const counting: SqliteStatements = {
      prepare: (text) => {
        inlined.push(text);
        return sqlite.prepare(text);
      },
    };
    runTransactionQueriesInline(db, counting);
  });

  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs a transaction's queries inline, with the results Kysely gives", async () => {
    const viaKysely = await db.transaction().execute(async (tx) => ({
      inserted: await insertItem.execute(tx.withPlugin(passing), { id: 'k', quantity: 1 }),
    }));
    expect(inlined).toEqual([]);

    const viaInline = await db.transaction().execute(async (tx) => ({
      inserted: await insertItem.execute(tx, { id: 'i', quantity: 1 }),
      conflict: await insertItem.affected(tx, { id: 'i', quantity: 2 }),
      returned: await insertReturning.rows(tx, { id: 'r', quantity: 3 }),
      found: await findItem.first(tx, { id: 'i' }),
      missing: await findItem.first(tx, { id: 'none' }),
    }));
    expect(inlined).toHaveLength(5);
    expect(viaInline.inserted).toEqual({ numAffectedRows: 1n, insertId: 2n, rows: [] });
    expect(viaKysely.inserted).toEqual({ numAffectedRows: 1n, insertId: 1n, rows: [] });
    expect(viaInline.conflict).toBe(0);
    expect(viaInline.returned).toEqual([{ id: 'r', quantity: 3 }]);
    expect(viaInline.found).toEqual({ id: 'i', quantity: 1 });
    expect(viaInline.missing).toBeUndefined();
  });

  it('leaves queries outside a transaction, and on a transaction with plugins, to Kysely', async () => {
    await insertItem.execute(db, { id: 'a', quantity: 4 });
    expect(await findItem.first(db, { id: 'a' })).toEqual({ id: 'a', quantity: 4 });
    // The plugin's result hook runs: the query went through Kysely's executor.
    const doubled = await db.transaction().execute((tx) => findItem.first(tx.withPlugin(doubling), { id: 'a' }));
    expect(doubled).toEqual({ id: 'a', quantity: 8 });
    expect(inlined).toEqual([]);
  });

  it('rejects with the database error, and the transaction rolls back whole', async () => {
    const failed = db.transaction().execute(async (tx) => {
      await insertItem.execute(tx, { id: 'kept?', quantity: 1 });
      await insertItem.execute(tx, { id: 'bad', quantity: -1 });
    });
    await expect(failed).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_CHECK' });
    expect(await findItem.first(db, { id: 'kept?' })).toBeUndefined();
    // Raw compiled queries take the same path. (Matched by message: better-sqlite3's native module
    // keeps the error class of the first test file that loaded it, not an Error of this one's realm.)
    const raw = db.transaction().execute((tx) => executeCompiled<ItemsDatabase, unknown>(tx, CompiledQuery.raw('select nonsense from nowhere')));
    await expect(raw).rejects.toMatchObject({ message: expect.stringMatching(/no such table/) });
    expect(inlined).toEqual(['insert into "items" ("id", "quantity") values (?, ?) on conflict ("id") do nothing', 'insert into "items" ("id", "quantity") values (?, ?) on conflict ("id") do nothing', 'select nonsense from nowhere']);
  });

  it('refuses a controlled transaction that has ended, as Kysely does', async () => {
    const tx = await db.startTransaction().execute();
    await insertItem.execute(tx, { id: 'c', quantity: 1 });
    await tx.commit().execute();
    await expect(insertItem.execute(tx, { id: 'd', quantity: 1 })).rejects.toThrow(/committed/);
    // A rejection, not a throw: Kysely refuses before its own promise exists.
    await expect(executeCompiled<ItemsDatabase, unknown>(tx, CompiledQuery.raw('select 1'))).rejects.toThrow(/committed/);
    expect(inlined).toHaveLength(1);
    expect(await findItem.first(db, { id: 'd' })).toBeUndefined();
  });
});
