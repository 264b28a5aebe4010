import { sql, type Kysely, type Transaction } from 'kysely';
import type { InboxStore } from '../store/inbox.store';
import type { MessageStore } from '../store/message-store';
import type { NewOutboxRecord, OutboxRecord, OutboxStore } from '../store/outbox.store';
import { GroupCommit } from './group-commit';
import type { EcomOutboxTable, MessagingTables } from './messaging.tables';
import { dialectOf } from './portable-schema';
import { prepareQuery } from './prepared-query';

const LEASE_NAME = 'relay';
/** Well under SQLite's bound-parameter limit; PostgreSQL has no practical one. */
const MAX_IDS_PER_STATEMENT = 500;

/**
 * Inbox and outbox storage on the service's own database (SQLite or PostgreSQL, same SQL), so
 * the inbox record and outbox rows commit in the same transaction as the handler's state change.
 * Requires `messagingMigrations` to have run.
 */
export class KyselyMessageStore<DB> implements MessageStore<Transaction<DB>> {
  readonly inbox: InboxStore<Transaction<DB>>;
  readonly outbox: OutboxStore<Transaction<DB>>;
  readonly #db: Kysely<DB>;
  readonly #groupCommit: GroupCommit<DB> | undefined;

  /**
   * `groupCommit` (default: on for SQLite, off for PostgreSQL) runs the transactions asked for
   * while one commits as one, each in a savepoint (see GroupCommit). SQLite has one writer at a
   * time, so they queue anyway and sharing the commit is pure gain; PostgreSQL runs them side by
   * side on its pool, which a shared transaction would serialise.
   */
  constructor(db: Kysely<DB>, options: { groupCommit?: boolean } = {}) {
    this.#db = db;
    const tables = asTables(db);
    const groupCommit = options.groupCommit ?? dialectOf(db) === 'sqlite';
    this.#groupCommit = groupCommit ? new GroupCommit(db) : undefined;
    this.inbox = new KyselyInboxStore<DB>(tables);
    // With group commit, marking rows sent joins the next shared commit instead of paying its own.
    const grouped = this.#groupCommit;
    const write: Writer = grouped ? (work) => grouped.run((tx) => work(asTables(tx))) : (work) => work(tables);
    this.outbox = new KyselyOutboxStore<DB>(tables, write);
  }

  /**
   * Runs `work` in one transaction, committing when it resolves and rolling back when it throws.
   * On SQLite, concurrent calls queue on the single connection, so never query through the outer
   * `db` inside `work` (it would wait for the transaction that is waiting for it): use `tx`.
   */
  transaction<T>(work: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
    if (this.#groupCommit) return this.#groupCommit.run(work);
    return this.#db.transaction().execute(work);
  }

  async ping(): Promise<void> {
    await sql`select 1`.execute(this.#db);
  }
}

/** The service's database (or a transaction of it), seen through the library's own tables, which it holds besides its own. */
function asTables<DB>(db: Kysely<DB>): Kysely<MessagingTables> {
  return db as unknown as Kysely<MessagingTables>;
}

/** Runs a write outside the caller's transactions: through the group commit when there is one. */
type Writer = <T>(work: (db: Kysely<MessagingTables>) => Promise<T>) => Promise<T>;

/**
 * The statements every handled message runs, compiled once per database (see PreparedQuery), so
 * the hot path builds and compiles no query tree per message.
 */
const recordInbox = prepareQuery<MessagingTables, { consumer: string; eventId: string; handledAt: number }>()((db, param) =>
  db
    .insertInto('ecom_inbox')
    .values({ consumer: param('consumer'), event_id: param('eventId'), handled_at: param('handledAt') })
    .onConflict((oc) => oc.columns(['consumer', 'event_id']).doNothing()),
);

const addOutboxRow = prepareQuery<MessagingTables, { eventId: string; routingKey: string; body: string; properties: string; createdAt: number }>()((db, param) =>
  db
    .insertInto('ecom_outbox')
    .values({
      event_id: param('eventId'),
      routing_key: param('routingKey'),
      body: param('body'),
      properties: param('properties'),
      created_at: param('createdAt'),
      sent_at: null,
    })
    .returning('seq'),
);

class KyselyInboxStore<DB> implements InboxStore<Transaction<DB>> {
  constructor(private readonly db: Kysely<MessagingTables>) {}

  async tryRecord(tx: Transaction<DB>, consumer: string, eventId: string, at: Date): Promise<boolean> {
    // Both drivers report 0 rows for a conflict that did nothing (SQLite changes(), pg rowCount).
    return (await recordInbox.affected(asTables(tx), { consumer, eventId, handledAt: at.getTime() })) > 0;
  }

  async prune(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('ecom_inbox')
      .where('handled_at', '<', before.getTime())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

class KyselyOutboxStore<DB> implements OutboxStore<Transaction<DB>> {
  constructor(
    private readonly db: Kysely<MessagingTables>,
    private readonly write: Writer,
  ) {}

  async add(tx: Transaction<DB>, records: readonly NewOutboxRecord[]): Promise<number[]> {
    const seqs: number[] = [];
    // One compiled statement per row, in order: an outbox write is one row nearly always.
    for (const record of records) {
      const row = await addOutboxRow.first(asTables(tx), {
        eventId: record.eventId,
        routingKey: record.routingKey,
        body: record.body,
        properties: record.properties,
        createdAt: record.createdAt.getTime(),
      });
      seqs.push(Number(row?.seq));
    }
    return seqs;
  }

  /**
   * Two single statements, each atomic on its own, so no transaction is held: make sure the row
   * exists, then take it only if it is ours or expired. The UPDATE's WHERE is evaluated under the
   * row lock (PostgreSQL) or the write lock (SQLite), so of two racing instances exactly one
   * sees a row to change. Expiry compares this process's clock: keep instances' clocks in sync
   * (NTP) and the TTL well above any skew.
   */
  async claimLease(owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    await this.db
      .insertInto('ecom_outbox_lease')
      .values({ name: LEASE_NAME, owner: '', expires_at: 0 })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    const result = await this.db
      .updateTable('ecom_outbox_lease')
      .set({ owner, expires_at: now + ttlMs })
      .where('name', '=', LEASE_NAME)
      .where((eb) => eb.or([eb('owner', '=', owner), eb('expires_at', '<', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async releaseLease(owner: string): Promise<void> {
    await this.db
      .updateTable('ecom_outbox_lease')
      .set({ owner: '', expires_at: 0 })
      .where('name', '=', LEASE_NAME)
      .where('owner', '=', owner)
      .execute();
  }

  async nextBatch(limit: number, createdBefore?: Date): Promise<OutboxRecord[]> {
    let query = this.db
      .selectFrom('ecom_outbox')
      .select(['seq', 'event_id', 'routing_key', 'body', 'properties', 'created_at'])
      .where('sent_at', 'is', null);
    if (createdBefore) query = query.where('created_at', '<', createdBefore.getTime());
    const rows = await query.orderBy('seq').limit(limit).execute();
    return rows.map(toRecord);
  }

  async markSent(seqs: readonly number[], at: Date): Promise<void> {
    if (seqs.length === 0) return;
    await this.write(async (db) => {
      for (let i = 0; i < seqs.length; i += MAX_IDS_PER_STATEMENT) {
        await db
          .updateTable('ecom_outbox')
          .set({ sent_at: at.getTime() })
          .where('seq', 'in', seqs.slice(i, i + MAX_IDS_PER_STATEMENT))
          .execute();
      }
    });
  }

  async pruneSent(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('ecom_outbox')
      .where('sent_at', 'is not', null)
      .where('sent_at', '<', before.getTime())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async countPending(): Promise<number> {
    const row = await this.db
      .selectFrom('ecom_outbox')
      .select((eb) => eb.fn.countAll().as('pending'))
      .where('sent_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.pending);
  }
}

type OutboxRow = Pick<EcomOutboxTable, 'event_id' | 'routing_key' | 'body' | 'properties' | 'created_at'> & {
  seq: number;
};

// Number() as well as the pool's BIGINT parser: an instance not made by createDatabase may hand
// BIGINT back as a string.
function toRecord(row: OutboxRow): OutboxRecord {
  return {
    seq: Number(row.seq),
    eventId: row.event_id,
    routingKey: row.routing_key,
    body: row.body,
    properties: row.properties,
    createdAt: new Date(Number(row.created_at)),
  };
}
