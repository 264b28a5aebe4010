import { type Kysely, sql } from 'kysely';
import type { NewOutboxRecord } from '@ecom/rabbit';
import type { Dialect } from './database.config';
import { KyselyMessageStore, messagingMigrations, type MessagingTables } from '@ecom/rabbit/kysely';
import { migrateToLatest } from './migrate';
import { type TestDatabase, testDatabase, waitFor } from './test-databases';

interface ServiceDb extends MessagingTables {
  counter: { id: number; value: number };
}

function record(n: number, createdAt = new Date(1_700_000_000_000 + n)): NewOutboxRecord {
  return {
    eventId: `evt-${n}`,
    routingKey: 'order.placed',
    body: JSON.stringify({ n }),
    properties: JSON.stringify({ headers: { n } }),
    createdAt,
  };
}

class HandlerFailed extends Error {}

describe.each<[Dialect]>([['sqlite'], ['postgres']])('KyselyMessageStore on %s', (dialect) => {
  let target: TestDatabase;
  let db: Kysely<ServiceDb>;
  let store: KyselyMessageStore<ServiceDb>;

  beforeEach(async () => {
    target = testDatabase(dialect);
    db = target.open<ServiceDb>();
    await migrateToLatest(db, {
      ...messagingMigrations,
      '0001_counter': {
        async up(db: Kysely<unknown>) {
          await db.schema
            .createTable('counter')
            .addColumn('id', 'integer', (c) => c.primaryKey())
            .addColumn('value', 'integer', (c) => c.notNull())
            .execute();
        },
      },
    });
    store = new KyselyMessageStore(db);
  });
  afterEach(() => target.cleanup());

  describe('inbox', () => {
    it('records an event once per consumer', async () => {
      const at = new Date();
      expect(await store.transaction((tx) => store.inbox.tryRecord(tx, 'billing', 'evt-1', at))).toBe(true);
      expect(await store.transaction((tx) => store.inbox.tryRecord(tx, 'billing', 'evt-1', at))).toBe(false);
      expect(await store.transaction((tx) => store.inbox.tryRecord(tx, 'shipping', 'evt-1', at))).toBe(true);
      const rows = await db.selectFrom('ecom_inbox').selectAll().orderBy('consumer').execute();
      expect(rows).toEqual([
        { consumer: 'billing', event_id: 'evt-1', handled_at: at.getTime() },
        { consumer: 'shipping', event_id: 'evt-1', handled_at: at.getTime() },
      ]);
    });

    it('forgets the record when the handler fails, so a retry runs it', async () => {
      const handle = (fail: boolean) =>
        store.transaction(async (tx) => {
          if (!(await store.inbox.tryRecord(tx, 'billing', 'evt-1', new Date()))) return 'duplicate';
          await tx.insertInto('counter').values({ id: 1, value: 1 }).execute();
          if (fail) throw new HandlerFailed('boom');
          return 'handled';
        });

      await expect(handle(true)).rejects.toBeInstanceOf(HandlerFailed);
      expect(await db.selectFrom('ecom_inbox').selectAll().execute()).toEqual([]);
      expect(await db.selectFrom('counter').selectAll().execute()).toEqual([]);

      expect(await handle(false)).toBe('handled');
      expect(await handle(false)).toBe('duplicate');
      expect(await db.selectFrom('counter').selectAll().execute()).toEqual([{ id: 1, value: 1 }]);
    });

    it('prunes records older than the cut-off', async () => {
      await store.transaction(async (tx) => {
        await store.inbox.tryRecord(tx, 'c', 'old-1', new Date(1000));
        await store.inbox.tryRecord(tx, 'c', 'old-2', new Date(1999));
        await store.inbox.tryRecord(tx, 'c', 'new', new Date(2000));
      });
      expect(await store.inbox.prune(new Date(2000))).toBe(2);
      expect(await store.inbox.prune(new Date(2000))).toBe(0);
      expect(await db.selectFrom('ecom_inbox').select('event_id').execute()).toEqual([{ event_id: 'new' }]);
    });
  });

  describe('outbox', () => {
    it('keeps nothing from a transaction that rolls back', async () => {
      await expect(
        store.transaction(async (tx) => {
          await store.outbox.add(tx, [record(1), record(2)]);
          throw new HandlerFailed('boom');
        }),
      ).rejects.toBeInstanceOf(HandlerFailed);
      expect(await store.outbox.countPending()).toBe(0);
      expect(await store.outbox.nextBatch(10)).toEqual([]);
    });

    it('hands out unsent records in insertion order, then forgets the sent ones', async () => {
      await store.transaction((tx) => store.outbox.add(tx, [record(1), record(2)]));
      await store.transaction((tx) => store.outbox.add(tx, []));
      await store.transaction((tx) => store.outbox.add(tx, [record(3)]));
      expect(await store.outbox.countPending()).toBe(3);

      const batch = await store.outbox.nextBatch(10);
      expect(batch.map((r) => r.eventId)).toEqual(['evt-1', 'evt-2', 'evt-3']);
      expect(batch[0]).toEqual({ ...record(1), seq: batch[0].seq });
      expect(batch.every((r) => typeof r.seq === 'number')).toBe(true);
      expect(batch[1].seq).toBeGreaterThan(batch[0].seq);
      expect(batch[2].seq).toBeGreaterThan(batch[1].seq);
      expect((await store.outbox.nextBatch(2)).map((r) => r.eventId)).toEqual(['evt-1', 'evt-2']);

      await store.outbox.markSent([batch[0].seq, batch[2].seq], new Date(5000));
      expect(await store.outbox.countPending()).toBe(1);
      expect((await store.outbox.nextBatch(10)).map((r) => r.eventId)).toEqual(['evt-2']);
      await store.outbox.markSent([], new Date(5000));
      expect(await store.outbox.countPending()).toBe(1);
    });

    it('marks large batches sent', async () => {
      const many = Array.from({ length: 1200 }, (_, i) => record(i));
      await store.transaction((tx) => store.outbox.add(tx, many.slice(0, 600)));
      await store.transaction((tx) => store.outbox.add(tx, many.slice(600)));
      const batch = await store.outbox.nextBatch(2000);
      expect(batch).toHaveLength(1200);
      await store.outbox.markSent(batch.map((r) => r.seq), new Date());
      expect(await store.outbox.countPending()).toBe(0);
    });

    it('rejects a duplicate event id', async () => {
      await store.transaction((tx) => store.outbox.add(tx, [record(1)]));
      // better-sqlite3 builds its SqliteError natively, which Jest under Nx does not see as an Error:
      // assert on what the database said instead.
      await expect(store.transaction((tx) => store.outbox.add(tx, [record(1)]))).rejects.toHaveProperty(
        'message',
        expect.stringMatching(/UNIQUE constraint failed|duplicate key value/),
      );
      expect(await store.outbox.countPending()).toBe(1);
    });

    it('prunes sent records older than the cut-off, never unsent ones', async () => {
      await store.transaction((tx) => store.outbox.add(tx, [record(1), record(2), record(3)]));
      const [a, b] = await store.outbox.nextBatch(10);
      await store.outbox.markSent([a.seq], new Date(1000));
      await store.outbox.markSent([b.seq], new Date(3000));

      expect(await store.outbox.pruneSent(new Date(2000))).toBe(1);
      expect(await store.outbox.pruneSent(new Date(2000))).toBe(0);
      expect(await store.outbox.pruneSent(new Date(10_000))).toBe(1);
      expect((await store.outbox.nextBatch(10)).map((r) => r.eventId)).toEqual(['evt-3']);
    });

    it('never reuses a sequence number after pruning', async () => {
      await store.transaction((tx) => store.outbox.add(tx, [record(1)]));
      const [first] = await store.outbox.nextBatch(1);
      await store.outbox.markSent([first.seq], new Date(1));
      await store.outbox.pruneSent(new Date(2));
      await store.transaction((tx) => store.outbox.add(tx, [record(2)]));
      const [second] = await store.outbox.nextBatch(1);
      expect(second.seq).toBeGreaterThan(first.seq);
    });
  });

  describe('relay lease', () => {
    let other: KyselyMessageStore<ServiceDb>;
    // A second instance with its own connection(s), as another process of the service would have.
    beforeEach(() => (other = new KyselyMessageStore(target.open<ServiceDb>())));

    it('goes to exactly one of two racing instances, each round', async () => {
      for (let round = 0; round < 10; round++) {
        const won = await Promise.all([
          store.outbox.claimLease('a', 60_000),
          other.outbox.claimLease('b', 60_000),
        ]);
        expect(won.filter(Boolean)).toHaveLength(1);
        const winner = won[0] ? 'a' : 'b';
        // The holder renews; the other still cannot take it.
        expect(await (won[0] ? store : other).outbox.claimLease(winner, 60_000)).toBe(true);
        expect(await (won[0] ? other : store).outbox.claimLease(winner === 'a' ? 'b' : 'a', 60_000)).toBe(false);
        await (won[0] ? store : other).outbox.releaseLease(winner);
      }
    });

    it('passes to the other instance once it expires', async () => {
      expect(await store.outbox.claimLease('a', 300)).toBe(true);
      expect(await other.outbox.claimLease('b', 60_000)).toBe(false);
      await waitFor(() => other.outbox.claimLease('b', 60_000));
      expect(await store.outbox.claimLease('a', 60_000)).toBe(false);
    });

    it('passes at once when released, and only its holder can release it', async () => {
      expect(await store.outbox.claimLease('a', 60_000)).toBe(true);
      await other.outbox.releaseLease('b');
      expect(await other.outbox.claimLease('b', 60_000)).toBe(false);
      await store.outbox.releaseLease('a');
      expect(await other.outbox.claimLease('b', 60_000)).toBe(true);
    });
  });

  it('runs concurrent transactions without interleaving them', async () => {
    await db.insertInto('counter').values({ id: 1, value: 0 }).execute();
    const increment = () =>
      store.transaction(async (tx) => {
        // Read-modify-write with an await in between: interleaving would lose increments. On
        // PostgreSQL the row lock (FOR UPDATE) gives the same guarantee across connections.
        const query = tx.selectFrom('counter').select('value').where('id', '=', 1);
        const row = await (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirstOrThrow();
        await new Promise((resolve) => setImmediate(resolve));
        await tx.updateTable('counter').set({ value: row.value + 1 }).where('id', '=', 1).execute();
      });
    await Promise.all(Array.from({ length: 50 }, increment));
    const { value } = await db.selectFrom('counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
    expect(value).toBe(50);
  });

  describe('group commit (on by default for SQLite; forced here on both)', () => {
    let grouped: KyselyMessageStore<ServiceDb>;
    beforeEach(() => (grouped = new KyselyMessageStore(db, { groupCommit: true })));

    it('commits the transactions asked for together, and one that throws rolls back alone', async () => {
      await db.insertInto('counter').values({ id: 1, value: 0 }).execute();
      const outcomes = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          grouped.transaction(async (tx) => {
            const row = await tx.selectFrom('counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
            await tx.updateTable('counter').set({ value: row.value + 1 }).where('id', '=', 1).execute();
            await grouped.outbox.add(tx, [record(i)]);
            await grouped.inbox.tryRecord(tx, 'billing', `evt-${i}`, new Date());
            // Every 7th unit fails after writing: its writes must vanish, the others' stay.
            if (i % 7 === 3) throw new HandlerFailed(`unit ${i}`);
            return i;
          }),
        ),
      );
      const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [i] : []));
      expect(failed).toEqual([3, 10, 17, 24]);
      outcomes.forEach((o) => o.status === 'rejected' && expect(o.reason).toBeInstanceOf(HandlerFailed));
      const { value } = await db.selectFrom('counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
      expect(value).toBe(26);
      const sent = await grouped.outbox.nextBatch(100);
      expect(sent.map((r) => r.eventId).sort()).toEqual(outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [`evt-${i}`] : [])).sort());
      const inbox = await db.selectFrom('ecom_inbox').select('event_id').execute();
      expect(inbox).toHaveLength(26);
    });

    it('rejects every unit of a batch whose commit fails, and keeps none of their work', async () => {
      await db.insertInto('counter').values({ id: 1, value: 0 }).execute();
      // A deferred foreign key is checked at COMMIT, after every unit's savepoint was released.
      await sql`create table child (id integer primary key, parent_id integer not null references counter (id) deferrable initially deferred)`.execute(db);
      const units = Array.from({ length: 5 }, (_, i) =>
        grouped.transaction(async (tx) => {
          await tx.updateTable('counter').set({ value: i + 1 }).where('id', '=', 1).execute();
          if (i === 4) await sql`insert into child (id, parent_id) values (1, 999)`.execute(tx);
          return i;
        }),
      );
      const outcomes = await Promise.allSettled(units);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
      const { value } = await db.selectFrom('counter').select('value').where('id', '=', 1).executeTakeFirstOrThrow();
      expect(value).toBe(0);
      // The store goes on: the next batch commits.
      await expect(grouped.transaction(async (tx) => tx.updateTable('counter').set({ value: 7 }).where('id', '=', 1).execute())).resolves.toBeDefined();
      expect((await db.selectFrom('counter').select('value').executeTakeFirstOrThrow()).value).toBe(7);
    });
  });

  describe('outbox rows for the committing process', () => {
    it('hands back the seq of each added row, in order, matching what the relay reads', async () => {
      const seqs = await store.transaction((tx) => store.outbox.add(tx, [record(1), record(2), record(3)]));
      expect(seqs).toHaveLength(3);
      expect((await store.outbox.nextBatch(10)).map((r) => r.seq)).toEqual(seqs);
      expect(await store.transaction((tx) => store.outbox.add(tx, []))).toEqual([]);
    });

    it('gives the relay only rows older than its cut-off', async () => {
      await store.transaction((tx) => store.outbox.add(tx, [record(1, new Date(1_000)), record(2, new Date(9_000))]));
      expect((await store.outbox.nextBatch(10, new Date(5_000))).map((r) => r.eventId)).toEqual(['evt-1']);
      expect((await store.outbox.nextBatch(10)).map((r) => r.eventId)).toEqual(['evt-1', 'evt-2']);
    });
  });

  it('reports the dialect-neutral pending count as a number', async () => {
    expect(await store.outbox.countPending()).toBe(0);
    const { rows } = await sql<{ n: unknown }>`select count(*) as n from ecom_outbox`.execute(db);
    expect(typeof rows[0].n).toBe('number');
  });
});
