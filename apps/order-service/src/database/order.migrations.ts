import { dialectOf, serialPrimaryKey } from '@ecom/rabbit/kysely';
import { sql, type Kysely, type Migration } from 'kysely';

export const orderMigrations: Record<string, Migration> = {
  '0001_create_orders': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('orders')
        .addColumn('order_id', 'text', (c) => c.primaryKey())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('customer_email', 'text', (c) => c.notNull())
        .addColumn('items', 'text', (c) => c.notNull())
        .addColumn('total_amount', 'double precision', (c) => c.notNull())
        .addColumn('currency', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('correlation_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('orders_customer').on('orders').columns(['customer_id', 'created_at']).execute();
      await db.schema
        .createTable('order_history')
        .$call((table) => serialPrimaryKey(table, 'id', dialectOf(db)))
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('details', 'text', (c) => c.notNull())
        // An event enters an order's history once.
        .addColumn('event_id', 'text', (c) => c.notNull().unique())
        .execute();
      await db.schema.createIndex('order_history_order').on('order_history').columns(['order_id', 'id']).execute();
    },
  },
  '0002_order_process': {
    async up(db: Kysely<unknown>) {
      // Why an order was cancelled (set with the status, in the same conditional update) and
      // when its steps were due, so the audit can tell an overdue order from a slow one.
      await db.schema.alterTable('orders').addColumn('cancel_reason', 'text').execute();
      await db.schema.alterTable('orders').addColumn('payment_due_at', 'text').execute();
      await db.schema.alterTable('orders').addColumn('stock_due_at', 'text').execute();
    },
  },
  '0003_deadline_indexes': {
    async up(db: Kysely<unknown>) {
      // The deadline sweep's queries (OrderDeadlines). Partial: only the orders still waiting for that
      // step are in each index, so it stays small, and a status change updates it at most once.
      await db.schema.createIndex('orders_payment_due').on('orders').column('payment_due_at').where(sql.ref('status'), '=', 'pending').execute();
      await db.schema.createIndex('orders_stock_due').on('orders').column('stock_due_at').where(sql.ref('status'), '=', 'paid').execute();
    },
  },
};
