import { dialectOf, serialPrimaryKey } from '@ecom/rabbit/kysely';
import type { Kysely, Migration } from 'kysely';

export const notificationMigrations: Record<string, Migration> = {
  '0001_create_notifications': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('notifications')
        .$call((table) => serialPrimaryKey(table, 'id', dialectOf(db)))
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('correlation_id', 'text', (c) => c.notNull())
        // One notification per customer-facing event of an order, whatever is redelivered.
        .addUniqueConstraint('notifications_order_kind', ['order_id', 'kind'])
        .execute();
    },
  },
};
