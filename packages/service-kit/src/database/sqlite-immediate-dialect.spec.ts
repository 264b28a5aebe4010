import { createHook } from 'node:async_hooks';
import Database from 'better-sqlite3';
import { Kysely, sql, SqliteDialect, type Dialect } from 'kysely';
import { ConnectionTurns, SqliteImmediateDialect } from './sqlite-immediate-dialect';

describe('ConnectionTurns', () => {
  it('gives the turn to one caller at a time, in the order they asked', async () => {
    const turns = new ConnectionTurns();
    const order: number[] = [];
    await turns.take();
    const waiters = [1, 2, 3].map((n) => turns.take().then(() => order.push(n)));
    expect(turns.waiting).toBe(3);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    turns.pass();
    await waiters[0];
    expect(order).toEqual([1]);
    turns.pass();
    turns.pass();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3]);
    // The last holder passes to nobody: the next caller takes the turn at once.
    turns.pass();
    await turns.take();
    expect(turns.waiting).toBe(0);
  });
});

/** Promises made while `work` runs (an async hook, as Node's own context tracking uses). */
async function promisesMadeBy(work: () => Promise<unknown>): Promise<number> {
  let made = 0;
  const hook = createHook({
    init: (_id, type) => {
      if (type === 'PROMISE') made++;
    },
  }).enable();
  try {
    await work();
  } finally {
    hook.disable();
  }
  return made;
}

/** `waiters` reads queued behind an open transaction, then the commit that lets them through. */
async function drainQueue(dialect: Dialect, waiters: number): Promise<{ values: number[]; promises: number }> {
  const db = new Kysely<Record<string, never>>({ dialect });
  try {
    await sql`create table t (n integer)`.execute(db);
    const trx = await db.startTransaction().execute();
    await sql`insert into t values (1)`.execute(trx);
    let reads: Promise<number>[] = [];
    const promises = await promisesMadeBy(async () => {
      reads = Array.from({ length: waiters }, () => sql<{ n: number }>`select count(*) as n from t`.execute(db).then((r) => r.rows[0].n));
      await new Promise((resolve) => setImmediate(resolve));
      await trx.commit().execute();
      await Promise.all(reads);
    });
    return { values: await Promise.all(reads), promises };
  } finally {
    await db.destroy();
  }
}

describe('SqliteImmediateDialect', () => {
  const perWaiter = async (dialect: () => Dialect, waiters: number) => {
    const { values, promises } = await drainQueue(dialect(), waiters);
    // Every read waited for the commit and saw it.
    expect(values).toEqual(Array(waiters).fill(1));
    return promises / waiters;
  };

  it('lets the queries queued behind a transaction through one at a time after its commit, each woken once', async () => {
    const ours = () => new SqliteImmediateDialect({ database: new Database(':memory:') });
    const stock = () => new SqliteDialect({ database: new Database(':memory:') });
    // Kysely's own dialect wakes every waiter on each release, and each goes back to waiting: what a
    // waiter costs grows with the queue. Here it stays what one query costs.
    const [ours25, ours100, stock25, stock100] = [await perWaiter(ours, 25), await perWaiter(ours, 100), await perWaiter(stock, 25), await perWaiter(stock, 100)];
    expect(ours100).toBeLessThan(ours25 * 1.2);
    expect(stock100).toBeGreaterThan(stock25 * 1.5);
    expect(ours100).toBeLessThan(stock100 / 2);
  });
});
