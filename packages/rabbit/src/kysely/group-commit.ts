import { CompiledQuery, type ControlledTransaction, type Kysely, type Transaction } from 'kysely';
import { executeCompiled } from './inline-sqlite';

interface Job<DB> {
  work: (tx: Transaction<DB>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The unit's savepoint, as plain statements both databases take: Kysely's savepoint API builds,
 * compiles and wraps a new transaction object for each, and every unit of a batch runs three.
 */
const Savepoint = {
  open: CompiledQuery.raw('savepoint ecom_unit'),
  release: CompiledQuery.raw('release savepoint ecom_unit'),
  rollback: CompiledQuery.raw('rollback to savepoint ecom_unit'),
};

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
        // Units run strictly one after another on the batch's one transaction object (so what
        // keys state by the transaction, as Outbox.transaction does, sees one unit at a time).
        await executeCompiled(trx, Savepoint.open);
        try {
          const value = await job.work(trx);
          await executeCompiled(trx, Savepoint.release);
          outcomes.push({ ok: true, value });
        } catch (error) {
          // Undo this unit only; a failure to do so means the transaction itself is gone.
          await executeCompiled(trx, Savepoint.rollback);
          await executeCompiled(trx, Savepoint.release);
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
