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
