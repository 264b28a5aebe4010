import { type Kysely, type Migration, sql } from 'kysely';
import { dialectOf, serialPrimaryKey } from './portable-schema';

/*
 * The inbox/outbox tables. Names start `ecom_` so they never clash with a service's tables, and
 * migration names start '0000_ecom_' so they sort before a service's '0001_…'. Merge them:
 * `migrateToLatest(db, { ...messagingMigrations, ...ownMigrations })`. Never edit one once
 * released; add a new '0000_ecom_…' migration instead.
 */

async function createInbox(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ecom_inbox')
    .addColumn('consumer', 'text', (col) => col.notNull())
    .addColumn('event_id', 'text', (col) => col.notNull())
    .addColumn('handled_at', 'bigint', (col) => col.notNull())
    .addPrimaryKeyConstraint('ecom_inbox_pk', ['consumer', 'event_id'])
    .execute();
  // prune() deletes by age.
  await db.schema.createIndex('ecom_inbox_handled_at').on('ecom_inbox').column('handled_at').execute();
}

async function createOutbox(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ecom_outbox')
    .$call((table) => serialPrimaryKey(table, 'seq', dialectOf(db)))
    .addColumn('event_id', 'text', (col) => col.notNull().unique())
    .addColumn('routing_key', 'text', (col) => col.notNull())
    .addColumn('body', 'text', (col) => col.notNull())
    .addColumn('properties', 'text', (col) => col.notNull())
    .addColumn('created_at', 'bigint', (col) => col.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  // The relay reads unsent rows in seq order; sent rows wait for pruning and should not slow it.
  await db.schema
    .createIndex('ecom_outbox_unsent')
    .on('ecom_outbox')
    .column('seq')
    .where(sql.ref('sent_at'), 'is', null)
    .execute();
}

async function createOutboxLease(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ecom_outbox_lease')
    .addColumn('name', 'text', (col) => col.primaryKey())
    .addColumn('owner', 'text', (col) => col.notNull())
    .addColumn('expires_at', 'bigint', (col) => col.notNull())
    .execute();
}

export const messagingMigrations: Record<string, Migration> = {
  '0000_ecom_001_inbox': { up: createInbox },
  '0000_ecom_002_outbox': { up: createOutbox },
  '0000_ecom_003_outbox_lease': { up: createOutboxLease },
};
