import type { Kysely, Migration } from 'kysely';

export const shippingMigrations: Record<string, Migration> = {
  '0001_create_shipments': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('shipments')
        .addColumn('order_id', 'text', (c) => c.primaryKey())
        .addColumn('shipment_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('carrier', 'text')
        .addColumn('tracking_number', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('correlation_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('shipping_attempts')
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('cycle', 'integer', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('failed_at', 'text', (c) => c.notNull())
        // A redelivered attempt is recorded (and announced) once.
        .addPrimaryKeyConstraint('shipping_attempts_pk', ['order_id', 'cycle', 'attempt'])
        .execute();
    },
  },
  '0002_cancellation_and_carrier_ledger': {
    async up(db: Kysely<unknown>) {
      // A cancel that arrives while the carrier is being called is answered by that call's outcome.
      await db.schema.alterTable('shipments').addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      // The simulated carrier's own ledger: one label per idempotency key (the order id).
      await db.schema
        .createTable('carrier_ledger')
        .addColumn('idempotency_key', 'text', (c) => c.primaryKey())
        .addColumn('carrier', 'text', (c) => c.notNull())
        .addColumn('tracking_number', 'text', (c) => c.notNull())
        .addColumn('calls', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
