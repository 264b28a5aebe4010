import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';

/** How long a transaction waits for another connection's write lock before SQLITE_BUSY reaches the caller. */
export const SQLITE_LOCK_WAIT_MS = 5_000;

/**
 * `BEGIN IMMEDIATE` takes SQLite's write lock when the transaction starts. With the default
 * deferred `BEGIN`, two processes on one file that both read then write deadlock, and SQLite fails
 * one with SQLITE_BUSY at once, whatever busy_timeout says; taking the lock up front makes the
 * second wait instead. Inside one process Kysely already queues transactions on its single
 * connection, so this only matters across processes (two instances, a backup, an operator's shell).
 *
 * The wait is asynchronous: better-sqlite3 honours busy_timeout by blocking the thread, and with
 * every queued transaction waiting its turn a held lock froze the process (health, metrics, HTTP)
 * for that many timeouts. busy_timeout stays short and the rest of the wait yields the event loop.
 * Past SQLITE_LOCK_WAIT_MS the SQLITE_BUSY goes to the caller, where it is a transient failure.
 */
class ImmediateTransactionSqliteDriver extends SqliteDriver {
  readonly #turns = new ConnectionTurns();

  /**
   * Kysely's SqliteDriver guards its one connection with a mutex that wakes every waiter on each
   * release: all of them resume, one takes the connection and the rest wait again. With a queue of
   * handlers (a prefetch window of messages, each reading outside the group commit) that is work
   * and a promise per waiter per release: counted with an async hook, about 70 promises an order in
   * payment-service and shipping-service, a quarter of all they made. The turns here go to one
   * waiter at a time, in the order they asked, so the mutex underneath is always free.
   */
  override acquireConnection(): Promise<DatabaseConnection> {
    return this.#turns.take().then(() => super.acquireConnection());
  }

  override async releaseConnection(): Promise<void> {
    await super.releaseConnection();
    this.#turns.pass();
  }

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const deadline = Date.now() + SQLITE_LOCK_WAIT_MS;
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      try {
        await connection.executeQuery(CompiledQuery.raw('begin immediate'));
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() + pause > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
  }
}

/**
 * Who holds the connection next: waiters in the order they asked, each woken alone, once, when the
 * one before passes the turn on.
 */
export class ConnectionTurns {
  #held = false;
  readonly #waiting: (() => void)[] = [];

  /** Resolves when it is the caller's turn; call `pass` once done. */
  take(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  /** Hands the turn to the next waiter, or frees it. */
  pass(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#held = false;
  }

  /** How many wait for a turn. */
  get waiting(): number {
    return this.#waiting.length;
  }
}

/**
 * Kysely's SQLite adapter says DDL is not transactional, so its Migrator runs SQLite migrations
 * without a transaction: a failing migration leaves half its changes and concurrent start-ups race.
 * SQLite DDL is transactional, so migrations here run in one (immediate) transaction like on
 * PostgreSQL. The cost: `PRAGMA foreign_keys` is a no-op inside a migration; use
 * `PRAGMA defer_foreign_keys = ON` for table rebuilds instead.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

/** Kysely's SqliteDialect with immediate transactions and transactional migrations. */
export class SqliteImmediateDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateTransactionSqliteDriver(this.#config);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}
