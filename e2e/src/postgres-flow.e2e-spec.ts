import pg from 'pg';
import { orderBody, placeOrder, README_BODY, waitForOrder } from './support/orders';
import { createPostgresDatabase } from './support/postgres';
import { createVhost } from './support/rabbitmqctl';
import { RunningSystem } from './support/system';

/** The same services on PostgreSQL (DATABASE_URL): each in its own schema of one database. */
describe('the order flow on PostgreSQL', () => {
  let vhost: Awaited<ReturnType<typeof createVhost>>;
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let system: RunningSystem;

  beforeAll(async () => {
    vhost = await createVhost('pg');
    database = await createPostgresDatabase();
    system = await RunningSystem.start({ amqpUrl: vhost.url, portBase: 3160, databaseUrl: database.url });
  });

  afterAll(async () => {
    await system?.stop();
    await vhost?.remove();
    await database?.remove();
  });

  it('ships, declines and retries as on SQLite', async () => {
    const [shipped, declined, flaky] = await Promise.all([
      placeOrder(system, README_BODY),
      placeOrder(system, orderBody('CUST-RICH', 'PROD456', 100, 10.01)),
      placeOrder(system, orderBody('FLAKY-PG')),
    ]);
    await waitForOrder(system, shipped, (o) => o.status === 'shipped' && o.history.length === 4, 'shipped');
    await waitForOrder(system, declined, (o) => o.status === 'payment_failed', 'payment_failed');
    const retried = await waitForOrder(system, flaky, (o) => o.status === 'shipped', 'shipped after retries');
    expect(retried.history.filter((h) => h.type === 'shipping.attempt.failed')).toHaveLength(2);
    expect((await system.http('payment-service').get(`/payments?orderId=${shipped}`)).body).toHaveLength(1);
    expect((await system.http('inventory-service').get(`/reservations?orderId=${shipped}`)).body).toEqual([
      expect.objectContaining({ status: 'reserved' }),
    ]);
  });

  it('keeps each service in its own schema, with its own inbox and outbox', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_schema: string; table_name: string }>(
        `select table_schema, table_name from information_schema.tables where table_schema like '%_service'`,
      );
      const tables = (schema: string) => rows.filter((r) => r.table_schema === schema).map((r) => r.table_name);
      expect(tables('order_service')).toEqual(expect.arrayContaining(['orders', 'order_history', 'ecom_inbox', 'ecom_outbox']));
      expect(tables('payment_service')).toEqual(expect.arrayContaining(['payments', 'ecom_inbox', 'ecom_outbox']));
      expect(tables('inventory_service')).toEqual(expect.arrayContaining(['stock', 'reservations']));
      expect(tables('shipping_service')).toEqual(expect.arrayContaining(['shipments', 'shipping_attempts']));
      expect(tables('notification_service')).toEqual(expect.arrayContaining(['notifications']));
      expect(tables('payment_service')).not.toContain('orders');
    } finally {
      await client.end();
    }
  });
});
