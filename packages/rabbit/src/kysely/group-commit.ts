import type { ControlledTransaction, Kysely, Transaction } from 'kysely';

interface Job<DB> {
  work: (tx: Transaction<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Enough to share one commit widely, few enough that a long batch does not hold the write lock for long. */
const MAX_BATCH = 64;

/**
 * Group commit: the transactions asked for while one commits run together as one database
 * transaction, each inside a savepoint of its own, and commit once.
 *
 * SQLite runs one writer at a time, so transactions queue anyway; what a commit costs (writing
 * the touched pages to the WAL) is paid once per batch instead of once per message. Each unit
 * keeps its own outcome: one that throws rolls back to its savepoint and rejects alone, the rest
 * commit. Every caller resolves only after the shared commit, so nothing is acknowledged before
 * it is durable; if the savepoint machinery or the commit itself fails, every unit of the batch
 * rejects with that error (none of their work was kept).
 */
export class GroupCommit<DB> {
  private queue: Job<DB>[] = [];
  private draining = false;

  constructor(private readonly db: Kysely<DB>) {}

  run<T>(work: (tx: Transaction<DB>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.draining) return;
      this.draining = true;
      // Start after this turn of the event loop: the deliveries of one socket read reach here a
      // few awaits apart, and this lets them share the first commit too.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commitBatch(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.draining = false;
    }
  }

  private async commitBatch(batch: Job<DB>[]): Promise<void> {
    if (batch.length === 1) return this.commitAlone(batch[0]);
    let trx: ControlledTransaction<DB> | undefined;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      trx = await this.db.startTransaction().execute();
      for (const job of batch) {
        const unit = await trx.savepoint('unit').execute();
        try {
          const value = await job.work(unit);
          await unit.releaseSavepoint('unit').execute();
          outcomes.push({ ok: true, value });
        } catch (error) {
          // Undo this unit only; a failure to do so means the transaction itself is gone.
          await unit.rollbackToSavepoint('unit').execute();
          await unit.releaseSavepoint('unit').execute();
          outcomes.push({ ok: false, error });
        }
      }
      await trx.commit().execute();
    } catch (error) {
      if (trx && !trx.isCommitted && !trx.isRolledBack) await trx.rollback().execute().catch(() => undefined);
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  }

  /** A batch of one (the usual case at a low rate) needs no savepoint: it is the transaction. */
  private async commitAlone(job: Job<DB>): Promise<void> {
    try {
      job.resolve(await this.db.transaction().execute(job.work));
    } catch (error) {
      job.reject(error);
    }
  }
}
