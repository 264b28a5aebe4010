// Test support only (excluded from the build): what the specs on a real database share.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { OrdersTable } from '../database/order.tables';

export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh PostgreSQL schema name for one spec file. */
export function testSchemaName(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

/** Drops a spec's schema with everything in it. */
export async function dropTestSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
}

/** An order row of the README's example order, `pending` and due in a minute unless told otherwise. */
export function orderRow(overrides: Partial<OrdersTable> = {}): OrdersTable {
  const orderId = overrides.order_id ?? randomUUID();
  const now = new Date().toISOString();
  return {
    order_id: orderId,
    customer_id: 'CUST123',
    customer_email: 'customer@example.com',
    items: JSON.stringify([{ productId: 'PROD123', quantity: 1, price: 29.99 }]),
    total_amount: 29.99,
    currency: 'USD',
    status: 'pending',
    cancel_reason: null,
    payment_due_at: new Date(Date.now() + 60_000).toISOString(),
    stock_due_at: null,
    correlation_id: `corr-${orderId}`,
    created_at: now,
    updated_at: now,
    ...overrides,
  };
}
