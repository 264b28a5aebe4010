// @ecom/rabbit/kysely: the inbox/outbox store on a Kysely database (SQLite or PostgreSQL, same SQL)
// and the migrations of its tables. It loads Kysely and no database driver: opening the database
// (and choosing the driver) is the service's.
export { KyselyMessageStore } from './kysely-message-store';
export { messagingMigrations } from './messaging.migrations';
export { runMigrations, type RunMigrationsOptions } from './run-migrations';
export type { EcomInboxTable, EcomOutboxLeaseTable, EcomOutboxTable, MessagingTables } from './messaging.tables';
export { dialectOf, serialPrimaryKey, type Dialect } from './portable-schema';
export { executeCompiled, runTransactionQueriesInline, type SqliteStatement, type SqliteStatements } from './inline-sqlite';
export { PreparedQuery, prepareQuery, type Param } from './prepared-query';
