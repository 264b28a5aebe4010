import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Logger } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { runTransactionQueriesInline } from '@ecom/rabbit/kysely';
import { Kysely, type LogEvent, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { assertSchemaName, type DatabaseOptions, isPostgresUrl } from './database.config';
import { pgTypeParsers } from './pg-type-parsers';
import { SqliteImmediateDialect } from './sqlite-immediate-dialect';

const DEFAULT_POOL_SIZE = 10;

/**
 * better-sqlite3 waits for busy_timeout synchronously, blocking the process: keep it short and let
 * transactions wait for the write lock asynchronously (see sqlite-immediate-dialect.ts).
 */
const SQLITE_BUSY_TIMEOUT_MS = 100;

/** The schema each PostgreSQL instance was opened on, so migrateToLatest can find it unasked. */
const pgSchemas = new WeakMap<object, string>();

/**
 * Opens a service's database: PostgreSQL when `databaseUrl` names one, the SQLite file otherwise.
 * Nothing connects until the first query; run `migrateToLatest` before serving. Open one instance
 * per SQLite file per process: better-sqlite3 waits for a lock synchronously, so a second
 * instance in the same process blocks the thread the lock holder needs to finish.
 */
export function createDatabase<DB>(options: DatabaseOptions): Kysely<DB> {
  const log = options.logQueries ? logQuery : undefined;
  if (isPostgresUrl(options.databaseUrl)) {
    const schema = assertSchemaName(options.pgSchema);
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPool(options.databaseUrl, schema, options.poolSize) }), log });
    pgSchemas.set(db, schema);
    return db;
  }
  const database = cachingStatements(openSqlite(options.sqliteFile, options.sqliteCacheMb ?? DEFAULT_SQLITE_CACHE_MB));
  const db = new Kysely<DB>({ dialect: new SqliteImmediateDialect({ database }), log });
  // Logged queries are Kysely's to time, so with the log on every query goes through it.
  if (!log) runTransactionQueriesInline(db, database);
  return db;
}

/** Prepared statements kept per SQL text; Kysely's query shapes are few, so this rarely evicts. */
const STATEMENT_CACHE_SIZE = 256;

/**
 * Kysely prepares every query anew (`db.prepare(sql)`), which costs more than running the small
 * statements of an inbox/outbox transaction. Reuse the prepared statement for the same SQL text
 * instead (better-sqlite3 binds fresh parameters on each run), unless it is still iterating a
 * streamed result. Kysely's SqliteDialect only calls `prepare` and `close`.
 */
function cachingStatements(sqlite: Database.Database): Pick<Database.Database, 'prepare' | 'close'> {
  const statements = new Map<string, Database.Statement>();
  return {
    prepare(source: string) {
      const cached = statements.get(source);
      if (cached && !cached.busy) return cached;
      const statement = sqlite.prepare(source);
      if (!cached) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value as string);
        statements.set(source, statement);
      }
      return statement;
    },
    close() {
      statements.clear();
      return sqlite.close();
    },
  } as Pick<Database.Database, 'prepare' | 'close'>;
}

/**
 * The drivers load only when their dialect is chosen: a PostgreSQL deployment need not build
 * SQLite's native module, and an SQLite one need not install pg. Each is an optional peer.
 */
function driver<T>(name: 'pg' | 'better-sqlite3'): T {
  try {
    return require(name) as T;
  } catch (error) {
    const dialect = name === 'pg' ? 'PostgreSQL (DATABASE_URL is set)' : 'SQLite (DATABASE_URL is not set)';
    throw new Error(`The ${dialect} database needs the '${name}' package: npm install ${name}`, { cause: error });
  }
}

function createPool(connectionString: string, schema: string, poolSize = DEFAULT_POOL_SIZE): pg.Pool {
  const pgModule = driver<typeof pg>('pg');
  const pool = new pgModule.Pool({
    connectionString,
    max: poolSize,
    // A startup parameter rather than a `SET` after connecting: it holds for every connection the
    // pool ever opens, with no window where a query could run on the default path. Only the
    // service's schema is on the path, so an unqualified name never falls through to `public`.
    options: `-c search_path=${schema}`,
    types: pgTypeParsers(pgModule),
    // A server that does not answer (a partition, a failover in progress) fails a query within
    // this rather than holding the handler and its message indefinitely.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  const outage = new OutageLog(schema);
  // A connection the server drops (restart, failover, pg_terminate_backend) emits `error` on its
  // client; with no listener Node exits the process. The pool listens only while a client is idle,
  // so every client gets a listener of its own for the time it is checked out as well: the query
  // running on it then fails (and is classified transient), and the pool discards the client.
  pool.on('error', (error) => outage.lost(error));
  pool.on('connect', (client) => {
    client.on('error', (error) => outage.lost(error));
    outage.connected();
  });
  return pool;
}

const CONNECT_TIMEOUT_MS = 5_000;

/** Logs a lost database connection once per outage, with its cause, and once when a connection is made again. */
class OutageLog {
  private readonly logger = new Logger('Database');
  private down = false;

  constructor(private readonly schema: string) {}

  lost(error: Error & { code?: string }): void {
    if (this.down) return;
    this.down = true;
    this.logger.warn({
      msg: `PostgreSQL connection lost (schema ${this.schema}); the pool reconnects on the next query`,
      err: { name: error.name, message: error.message, code: error.code },
    });
  }

  connected(): void {
    if (!this.down) return;
    this.down = false;
    this.logger.log({ msg: `PostgreSQL connection made again (schema ${this.schema})` });
  }
}

/** SQLite's own default (better-sqlite3 builds it with 16 MB; see SQLITE_CACHE_MB). */
const DEFAULT_SQLITE_CACHE_MB = 2;

function openSqlite(file: string, cacheMb: number): Database.Database {
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory) mkdirSync(dirname(file), { recursive: true });
  const Sqlite = driver<typeof Database>('better-sqlite3');
  const sqlite = new Sqlite(file);
  // WAL lets readers run while a writer commits; NORMAL sync is durable across process crashes
  // in WAL mode (only an OS crash can lose the last commits); busy_timeout absorbs brief contention
  // for the write lock (longer waits happen asynchronously, at BEGIN IMMEDIATE); foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  sqlite.pragma('foreign_keys = ON');
  // Each unit of a group commit runs in a savepoint, whose sub-journal keeps a copy of every page the
  // unit changes; on disk (the default) it spilled to a temp file past 64 KiB, and order-service wrote
  // about twice the bytes its WAL needed. In memory it lasts only until the group commits.
  sqlite.pragma('temp_store = MEMORY');
  // A negative cache_size is a size in KiB, not pages.
  sqlite.pragma(`cache_size = -${Math.round(cacheMb * 1024)}`);
  return sqlite;
}

function logQuery(event: LogEvent): void {
  const ms = event.queryDurationMillis.toFixed(1);
  if (event.level === 'error') {
    console.error(`SQL failed after ${ms} ms: ${event.query.sql}`, event.error);
  } else {
    console.debug(`SQL ${ms} ms: ${event.query.sql}`);
  }
}

/** The PostgreSQL schema `createDatabase` put this instance on; undefined for SQLite or other instances. */
export function pgSchemaOf<DB>(db: Kysely<DB>): string | undefined {
  return pgSchemas.get(db);
}
