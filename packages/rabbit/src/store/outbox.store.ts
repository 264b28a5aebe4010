/** One event waiting in a service's outbox; written in the same transaction as the state change. */
export interface NewOutboxRecord {
  /** The event id (AMQP message-id); unique. */
  eventId: string;
  routingKey: string;
  /** The event's data as JSON text (the AMQP body). */
  body: string;
  /** The AMQP properties and headers as JSON text, rebuilt by the relay on send. */
  properties: string;
  createdAt: Date;
}

/** An outbox row as the relay reads it: `seq` orders sends. */
export interface OutboxRecord extends NewOutboxRecord {
  seq: number;
}

/**
 * Storage behind the outbox. `Tx` is the store's transaction handle (a Kysely `Transaction`
 * for the Kysely store), so writes join the caller's state change.
 */
export interface OutboxStore<Tx> {
  /**
   * Inserts the records inside the caller's transaction; resolves with the `seq` of each, in
   * order, so the committing process can send them itself and mark them sent.
   */
  add(tx: Tx, records: readonly NewOutboxRecord[]): Promise<readonly number[]>;
  /**
   * Takes (or renews) the relay lease for `owner` until now + ttlMs. False while another owner
   * holds an unexpired lease: only one relay of a service sends, so order holds across instances.
   */
  claimLease(owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up (on shutdown), so another instance can take it at once. */
  releaseLease(owner: string): Promise<void>;
  /**
   * Unsent records in `seq` order, at most `limit`; only those created before `createdBefore`
   * when given (the ones their own process had time to send).
   */
  nextBatch(limit: number, createdBefore?: Date): Promise<OutboxRecord[]>;
  /** Marks records sent; called only after the broker confirmed them. */
  markSent(seqs: readonly number[], at: Date): Promise<void>;
  /** Deletes sent records older than `before`; returns how many. */
  pruneSent(before: Date): Promise<number>;
  /** How many records wait to be sent. */
  countPending(): Promise<number>;
}
