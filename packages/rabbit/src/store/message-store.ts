// The storage the exactly-once pieces need from a service's database: the inbox's, the outbox's, and
// the two together with transactions. A folder of its own, so that outbox/ needs nothing of inbox/
// (which uses the outbox's transaction): no folder loop. @ecom/rabbit/kysely implements it.

import type { InboxStore } from './inbox.store';
import type { OutboxStore } from './outbox.store';

/** Runs a function inside one database transaction, committing when it resolves. */
export interface TransactionRunner<Tx> {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

/** What the inbox and outbox need from a service's database. */
export interface MessageStore<Tx> extends TransactionRunner<Tx> {
  readonly inbox: InboxStore<Tx>;
  readonly outbox: OutboxStore<Tx>;
  /** A trivial round trip; resolves when the database answers. The transport probes with it after a transient failure. */
  ping?(): Promise<void>;
}
