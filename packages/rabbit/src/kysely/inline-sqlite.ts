import type { CompiledQuery, Kysely, QueryResult } from 'kysely';

/** What the inline path needs of a better-sqlite3 statement. */
export interface SqliteStatement {
  readonly reader: boolean;
  all(parameters: readonly unknown[]): unknown[];
  run(parameters: readonly unknown[]): { changes: number; lastInsertRowid: number | bigint };
}

/** What the inline path needs of a better-sqlite3 database (or a statement cache in front of one). */
export interface SqliteStatements {
  /** The statement for this SQL text (better-sqlite3's `prepare`, or a cache of its statements). */
  prepare(sql: string): SqliteStatement;
}

/** Per database instance (its adapter, which its transactions share), the connection its SQLite dialect runs on. */
const inlineConnections = new WeakMap<object, SqliteStatements>();

/**
 * Lets a transaction's queries on this SQLite database run on the calling thread, skipping Kysely's
 * executor. better-sqlite3 answers synchronously anyway; Kysely wraps each query in seven or so
 * promises (executor, connection provider, its queue, the connection, the result plugins), and
 * with async context tracking on (OpenTelemetry, the message context) every promise copies the
 * context: taking them out cut what order-service allocates at 100 orders/s by about a quarter.
 *
 * Only a transaction's queries take this path: a transaction holds SQLite's one connection for
 * its whole life, so nothing else can run on it in between, while a query on the database itself
 * must queue for that connection behind Kysely's lock. Give the very object the dialect was given
 * (`new SqliteDialect({ database })`): another connection to the same file would wait for the lock
 * the transaction holds, synchronously, and freeze the process.
 *
 * An inline query runs when it is called, so it overtakes queries of the same transaction that
 * were started earlier and still wait in Kysely's queue: await each query before starting the
 * next (as one does anyway), rather than relying on Kysely to run them in the order they began.
 */
export function runTransactionQueriesInline<DB>(db: Kysely<DB>, connection: SqliteStatements): void {
  inlineConnections.set(db.getExecutor().adapter, connection);
}

/**
 * Runs a compiled query on `db` (a database or one of its transactions). Inline when `db` is a live
 * transaction of a database registered with runTransactionQueriesInline and has no plugins (whose
 * result hooks only Kysely's executor runs); through Kysely otherwise. Errors are rejections on
 * both paths.
 */
export function executeCompiled<DB, R>(db: Kysely<DB>, query: CompiledQuery<R>): Promise<QueryResult<R>> {
  return runCompiled(db, query, (result) => result);
}

/**
 * executeCompiled, resolving with what `pick` takes from the result: on the inline path that is
 * one settled promise for the whole run, not one more per step of the caller.
 */
export function runCompiled<DB, R, T>(db: Kysely<DB>, query: CompiledQuery<R>, pick: (result: QueryResult<R>) => T): Promise<T> {
  try {
    const connection = inlineConnectionOf(db);
    // Kysely throws some refusals (an ended controlled transaction) before its promise exists.
    if (!connection) return db.executeQuery(query).then(pick);
    return Promise.resolve(pick(runInline(connection, query)));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The inline connection for `db`, or undefined when its queries must go through Kysely. */
function inlineConnectionOf<DB>(db: Kysely<DB>): SqliteStatements | undefined {
  if (!db.isTransaction) return undefined;
  const executor = db.getExecutor();
  const connection = inlineConnections.get(executor.adapter);
  if (!connection || executor.plugins.length > 0) return undefined;
  // Kysely's own executor refuses a query on a controlled transaction that has ended: let it. (Read
  // as properties, not by instanceof: an app may hold a second copy of Kysely.)
  const ended = db as { isCommitted?: boolean; isRolledBack?: boolean };
  if (ended.isCommitted === true || ended.isRolledBack === true) return undefined;
  return connection;
}

/** What Kysely's SQLite connection does with a query, minus its promise. */
function runInline<R>(connection: SqliteStatements, query: CompiledQuery<R>): QueryResult<R> {
  const statement = connection.prepare(query.sql);
  if (statement.reader) return { rows: statement.all(query.parameters) as R[] };
  const { changes, lastInsertRowid } = statement.run(query.parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}
