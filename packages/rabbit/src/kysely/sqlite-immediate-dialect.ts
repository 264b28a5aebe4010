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

/**
 * `BEGIN IMMEDIATE` takes SQLite's write lock when the transaction starts. With the default
 * deferred `BEGIN`, two processes on one file that both read then write deadlock, and SQLite fails
 * one with SQLITE_BUSY at once, whatever busy_timeout says; taking the lock up front makes the
 * second wait for busy_timeout instead. Inside one process Kysely already queues transactions on
 * its single connection, so this only matters across processes (e.g. two instances at start-up).
 */
class ImmediateTransactionSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
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
