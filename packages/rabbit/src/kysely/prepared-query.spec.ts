import { sql, type Kysely } from 'kysely';
import { testDatabase, type TestDatabase } from '../../test/support/databases';
import type { Dialect } from './portable-schema';
import { prepareQuery } from './prepared-query';

interface ItemsTable {
  id: string;
  label: string;
  quantity: number;
  note: string | null;
}
interface ItemsDatabase {
  items: ItemsTable;
}

const insertItem = prepareQuery<ItemsDatabase, { id: string; label: string; quantity: number }>()((db, param) =>
  db
    .insertInto('items')
    .values({ id: param('id'), label: param('label'), quantity: param('quantity'), note: null })
    .onConflict((oc) => oc.column('id').doNothing()),
);
const findItem = prepareQuery<ItemsDatabase, { id: string }>()((db, param) => db.selectFrom('items').selectAll().where('id', '=', param('id')));
// The same value twice, and a constant between the named ones: each parameter goes to its place.
const addIfUnder = prepareQuery<ItemsDatabase, { id: string; limit: number }>()((db, param) =>
  db
    .updateTable('items')
    .set((eb) => ({ quantity: eb('quantity', '+', 1), note: 'raised' }))
    .where('id', '=', param('id'))
    .where('quantity', '<', param('limit'))
    .where('label', '!=', param('id')),
);

describe.each<Dialect>(['sqlite', 'postgres'])('prepareQuery on %s', (dialect) => {
  let database: TestDatabase;
  let db: Kysely<ItemsDatabase>;

  beforeAll(async () => {
    database = testDatabase(dialect);
    await database.migrate({
      '001': {
        up: (db: Kysely<unknown>) =>
          db.schema
            .createTable('items')
            .addColumn('id', 'text', (c) => c.primaryKey())
            .addColumn('label', 'text', (c) => c.notNull())
            .addColumn('quantity', 'integer', (c) => c.notNull())
            .addColumn('note', 'text')
            .execute(),
      },
    });
    db = database.open<ItemsDatabase>();
  });

  afterAll(() => database.cleanup());

  it('runs one compiled text with each run’s values, inside and outside transactions', async () => {
    expect(await insertItem.affected(db, { id: 'a', label: 'apple', quantity: 1 })).toBe(1);
    await db.transaction().execute(async (tx) => {
      expect(await insertItem.affected(tx, { id: 'b', label: 'pear', quantity: 5 })).toBe(1);
      expect(await insertItem.affected(tx, { id: 'a', label: 'again', quantity: 9 })).toBe(0);
    });
    expect(await findItem.first(db, { id: 'a' })).toEqual({ id: 'a', label: 'apple', quantity: 1, note: null });
    expect(await findItem.rows(db, { id: 'b' })).toEqual([{ id: 'b', label: 'pear', quantity: 5, note: null }]);
    expect(await findItem.first(db, { id: 'missing' })).toBeUndefined();
    expect(findItem.compile(db, { id: 'x' }).sql).toBe(findItem.compile(db, { id: 'y' }).sql);
  });

  it('binds a value used twice and keeps the constants between them', async () => {
    const compiled = addIfUnder.compile(db, { id: 'a', limit: 3 });
    expect(compiled.parameters).toEqual([1, 'raised', 'a', 3, 'a']);
    expect(await addIfUnder.affected(db, { id: 'a', limit: 3 })).toBe(1);
    expect(await addIfUnder.affected(db, { id: 'b', limit: 3 })).toBe(0);
    expect(await findItem.first(db, { id: 'a' })).toMatchObject({ quantity: 2, note: 'raised' });
  });

  it('refuses a query that read a value instead of binding it', () => {
    // The first run's value would choose the clause for every later run.
    const readInstead = prepareQuery<ItemsDatabase, { id: string; byLabel: boolean }>()((db, param) =>
      db.selectFrom('items').selectAll().where(param('byLabel') ? 'label' : 'id', '=', param('id')),
    );
    expect(() => readInstead.compile(db, { id: 'a', byLabel: false })).toThrow(/byLabel asked for but not bound/);
    const inlined = prepareQuery<ItemsDatabase, { id: string }>()((db, param) =>
      db.selectFrom('items').selectAll().where('id', '=', sql.lit(param('id'))),
    );
    expect(() => inlined.compile(db, { id: 'a' })).toThrow();
  });
});
