/**
 * Storage behind the inbox: which event ids a consumer has already handled. `Tx` is the store's
 * transaction handle, so the record commits (or rolls back) with the handler's state change.
 */
export interface InboxStore<Tx> {
  /**
   * Records that `consumer` handled `eventId`, inside `tx`. Resolves false, writing nothing, when
   * that pair is already recorded: the message is a duplicate and its effects are already stored.
   */
  tryRecord(tx: Tx, consumer: string, eventId: string, at: Date): Promise<boolean>;
  /** Deletes records older than `before`; returns how many. */
  prune(before: Date): Promise<number>;
}

/** Runs a function inside one database transaction, committing when it resolves. */
export interface TransactionRunner<Tx> {
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T>;
}

/** What the inbox and outbox need from a service's database. */
export interface MessageStore<Tx> extends TransactionRunner<Tx> {
  readonly inbox: InboxStore<Tx>;
  readonly outbox: import('../outbox/outbox.store').OutboxStore<Tx>;
  /** A trivial round trip; resolves when the database answers. The transport probes with it after a transient failure. */
  ping?(): Promise<void>;
}
