import type { Kysely, Migration } from 'kysely';

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
  '0002_refunds_and_gateway': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('payments').addColumn('refunded_at', 'text').execute();
      await db.schema.alterTable('payments').addColumn('cancel_reason', 'text').execute();
      // The simulated gateway's own ledger, written outside the handler's transaction as a real
      // gateway's would be: one charge and at most one refund per idempotency key (the order id).
      await db.schema
        .createTable('gateway_ledger')
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('amount', 'double precision', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('calls', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('gateway_ledger_pk', ['idempotency_key', 'kind'])
        .execute();
    },
  },
};
