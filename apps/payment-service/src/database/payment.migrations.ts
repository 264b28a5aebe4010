import type { Kysely, Migration } from '@ecom/rabbit/kysely';

export const paymentMigrations: Record<string, Migration> = {
  '0001_create_payments': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('payments')
        // One payment per order: the primary key is the last guard against a double charge.
        .addColumn('order_id', 'text', (c) => c.primaryKey())
        .addColumn('payment_id', 'text', (c) => c.notNull().unique())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('amount', 'double precision', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('processed_at', 'text', (c) => c.notNull())
        .addColumn('correlation_id', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
