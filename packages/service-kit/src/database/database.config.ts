export type { Dialect } from '@ecom/rabbit/kysely';

/** Where a service keeps its data. */
export interface DatabaseOptions {
  /**
   * A `postgres://` or `postgresql://` URL selects PostgreSQL; anything else (or nothing) keeps
   * the embedded SQLite file, so a service runs with no database server at all.
   */
  databaseUrl?: string;
  /** The SQLite file; its directory is created if missing. `:memory:` works for throwaway use. */
  sqliteFile: string;
  /**
   * The service's own schema inside the PostgreSQL database, so several services can share one
   * server without their tables (or migration records) meeting. Must match /^[a-z_][a-z0-9_]*$/.
   */
  pgSchema: string;
  /** Most memory SQLite's page cache may hold, in MB; default 2 (see SQLITE_CACHE_MB). */
  sqliteCacheMb?: number;
  /** Most PostgreSQL connections the service holds; SQLite always uses one. Default 10. */
  poolSize?: number;
  /** Logs each statement's SQL and duration (never its parameters, which may hold personal data). */
  logQueries?: boolean;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/** The schema name goes into a connection option and DDL, so only plain identifiers get in. */
export function assertSchemaName(name: string): string {
  if (!SCHEMA_NAME.test(name) || name.length > 63) {
    throw new Error(
      `Invalid PostgreSQL schema name "${name}": use lowercase letters, digits and _ (at most 63), not starting with a digit`,
    );
  }
  return name;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url.trim());
}
