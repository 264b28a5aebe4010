// @ecom/rabbit/kysely: a service's own database (SQLite file or a PostgreSQL schema) with
// start-up migrations, and the inbox/outbox store on it.
export { createDatabase, dialectOf, pgSchemaOf } from './create-database';
export { assertSchemaName, isPostgresUrl, type DatabaseOptions, type Dialect } from './database.config';
export { migrateToLatest, type MigrateOptions } from './migrate';
export { serialPrimaryKey } from './portable-schema';
export { messagingMigrations } from './messaging.migrations';
export type { EcomInboxTable, EcomOutboxLeaseTable, EcomOutboxTable, MessagingTables } from './messaging.tables';
export { KyselyMessageStore } from './kysely-message-store';

export { Kysely, sql } from 'kysely';
export type { Generated, Insertable, Migration, Selectable, Transaction } from 'kysely';
export { DATABASE, DatabaseHealthIndicator, DatabaseModule, type DatabaseModuleOptions } from './database.module';
