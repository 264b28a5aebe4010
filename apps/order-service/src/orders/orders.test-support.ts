// Test support only (excluded from the build): what the specs on a real database share.
import { randomUUID } from 'node:crypto';
import { ecomContracts } from '@ecom/contracts/validation';
import { Outbox, RabbitPublisher } from '@ecom/rabbit';
import { KyselyMessageStore } from '@ecom/rabbit/kysely';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { OrderDatabase, OrdersTable } from '../database/order.tables';
import type { Tx } from './orders.store';

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

/**
 * The message store and an outbox on `db` that need no broker: the publisher only builds messages
 * (no connection) and the relay sends nothing, so what a step publishes stays in `ecom_outbox`.
 */
export function outboxWithoutBroker(db: Kysely<OrderDatabase>): { messages: KyselyMessageStore<OrderDatabase>; outbox: Outbox<Tx> } {
  const messages = new KyselyMessageStore<OrderDatabase>(db);
  const publisher = new RabbitPublisher(undefined as never, { exchange: 'ecommerce.events', service: 'order-service', contracts: ecomContracts, publishTimeoutMs: 1_000, maxBufferedPublishes: 1 });
  const outbox = new Outbox<Tx>(messages, publisher, { nudge: () => undefined, sendCommitted: () => undefined } as never);
  return { messages, outbox };
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
