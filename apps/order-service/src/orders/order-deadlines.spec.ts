import { messagingMigrations } from '@ecom/rabbit/kysely';
import { waitFor } from '@ecom/rabbit/testing';
import { createDatabase, migrateToLatest } from '@ecom/service-kit';
import { sqliteTestDatabase, type SqliteTestDatabase } from '@ecom/service-kit/testing';
import type { Kysely } from 'kysely';
import { Registry } from 'prom-client';
import { orderMigrations } from '../database/order.migrations';
import type { OrderDatabase } from '../database/order.tables';
import { OrderDeadlines } from './order-deadlines';
import type { OrderStatus } from './order-process';
import { OrderProcessService } from './order-process.service';
import { OrdersMetrics } from './orders.metrics';
import { OrdersStore } from './orders.store';
import { dropTestSchema, orderRow, outboxWithoutBroker, TEST_DATABASE_URL, testSchemaName } from './orders.test-support';

// The deadline sweep on a real database: SQLite (one instance, as the service runs it) and
// PostgreSQL (two instances sweeping one schema at the same moment).
const options = { paymentTimeoutMs: 60_000, stockTimeoutMs: 60_000, deadlineSweepMs: 20 };

interface Instance {
  db: Kysely<OrderDatabase>;
  deadlines: OrderDeadlines;
  /** This instance's `order_deadlines_expired_total`, by deadline. */
  expired(): Promise<Record<string, number>>;
}

function instance(db: Kysely<OrderDatabase>): Instance {
  const { outbox } = outboxWithoutBroker(db);
  const store = new OrdersStore(db);
  const metrics = new OrdersMetrics(new Registry());
  const expired = async () =>
    Object.fromEntries((await metrics.deadlinesExpired.get()).values.map((v) => [String(v.labels['deadline']), v.value]));
  return { db, deadlines: new OrderDeadlines(store, new OrderProcessService(store, outbox, metrics, options), outbox, metrics, options), expired };
}

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const later = (ms: number) => new Date(Date.now() + ms).toISOString();

async function order(db: Kysely<OrderDatabase>, status: OrderStatus, due: { payment?: string; stock?: string }): Promise<string> {
  const row = orderRow({ status, payment_due_at: due.payment ?? later(60_000), stock_due_at: due.stock ?? null });
  await db.insertInto('orders').values(row).execute();
  return row.order_id;
}

/** The order's status and reason, its deadline history entries and the events it put in the outbox. */
async function outcome(db: Kysely<OrderDatabase>, orderId: string) {
  const row = await db.selectFrom('orders').select(['status', 'cancel_reason']).where('order_id', '=', orderId).executeTakeFirstOrThrow();
  const history = await db.selectFrom('order_history').select(['type', 'details']).where('order_id', '=', orderId).where('type', 'like', 'order.deadline.%').execute();
  const outbox = await (db as unknown as Kysely<{ ecom_outbox: { routing_key: string; body: string; properties: string } }>)
    .selectFrom('ecom_outbox')
    .select(['routing_key', 'properties'])
    .where('body', 'like', `%${orderId}%`)
    .execute();
  return {
    status: row.status,
    reason: row.cancel_reason,
    deadlines: history.map((h) => ({ type: h.type, details: JSON.parse(h.details) as unknown })),
    events: outbox.map((o) => ({ routingKey: o.routing_key, correlationId: (JSON.parse(o.properties) as { correlationId?: string }).correlationId })),
  };
}

describe('OrderDeadlines on SQLite', () => {
  let database: SqliteTestDatabase<OrderDatabase>;
  let a: Instance;

  beforeAll(async () => {
    database = await sqliteTestDatabase<OrderDatabase>(orderMigrations);
    a = instance(database.db);
  });

  afterAll(() => database.close());

  it('cancels the orders past a deadline, and only those, once', async () => {
    const unpaid = await order(a.db, 'pending', { payment: ago(1_000) });
    const unreserved = await order(a.db, 'paid', { payment: ago(5_000), stock: ago(1) });
    const notYetDue = await order(a.db, 'pending', { payment: later(60_000) });
    const reservedInTime = await order(a.db, 'confirmed', { payment: ago(5_000), stock: ago(5_000) });
    const waitingForItsPaymentEvent = await order(a.db, 'reserved', { payment: ago(5_000) });

    expect(await a.deadlines.sweep()).toBe(2);

    expect(await outcome(a.db, unpaid)).toEqual({
      status: 'cancelled',
      reason: 'payment_timeout',
      deadlines: [{ type: 'order.deadline.payment', details: { deadline: 'payment', dueAt: expect.any(String) } }],
      events: [{ routingKey: 'order.cancelled', correlationId: `corr-${unpaid}` }],
    });
    expect(await outcome(a.db, unreserved)).toMatchObject({
      status: 'cancelled',
      reason: 'stock_timeout',
      deadlines: [{ type: 'order.deadline.stock', details: { deadline: 'stock' } }],
      events: [{ routingKey: 'order.cancelled', correlationId: `corr-${unreserved}` }],
    });
    for (const untouched of [notYetDue, reservedInTime, waitingForItsPaymentEvent]) {
      expect(await outcome(a.db, untouched)).toMatchObject({ reason: null, deadlines: [], events: [] });
    }

    // A second sweep finds nothing left: no second cancel, no second history entry.
    expect(await a.deadlines.sweep()).toBe(0);
    expect((await outcome(a.db, unpaid)).deadlines).toHaveLength(1);
    expect(await a.expired()).toEqual({ payment: 1, stock: 1 });
  });

  it('sweeps by itself every deadlineSweepMs once the application starts, and stops at shutdown', async () => {
    const unpaid = await order(a.db, 'pending', { payment: later(300) });
    a.deadlines.onApplicationBootstrap();
    try {
      const done = await waitFor(async () => ((await outcome(a.db, unpaid)).status === 'cancelled' ? outcome(a.db, unpaid) : undefined), {
        what: 'the sweep to cancel the unpaid order',
      });
      expect(done).toMatchObject({ reason: 'payment_timeout', events: [{ routingKey: 'order.cancelled' }] });
    } finally {
      await a.deadlines.beforeApplicationShutdown();
    }
    // Stopped: an order due from now on stays as it is however many sweeps would have run.
    const afterStop = await order(a.db, 'pending', { payment: ago(1) });
    const sweepsWouldHaveRun = Date.now() + 10 * options.deadlineSweepMs;
    await waitFor(() => Date.now() > sweepsWouldHaveRun, { what: 'ten sweep intervals' });
    expect((await outcome(a.db, afterStop)).status).toBe('pending');
  });
});

describe('OrderDeadlines on PostgreSQL, two instances sweeping at once', () => {
  const schema = testSchemaName('test_deadlines');
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    a = instance(createDatabase<OrderDatabase>({ databaseUrl: TEST_DATABASE_URL, pgSchema: schema, sqliteFile: '' }));
    b = instance(createDatabase<OrderDatabase>({ databaseUrl: TEST_DATABASE_URL, pgSchema: schema, sqliteFile: '' }));
    await migrateToLatest(a.db, { ...messagingMigrations, ...orderMigrations });
  });

  afterAll(async () => {
    await a.db.destroy();
    await b.db.destroy();
    await dropTestSchema(schema);
  });

  it('each due order is cancelled once, with one history entry and one order.cancelled', async () => {
    const due: string[] = [];
    for (let i = 0; i < 30; i++) due.push(await order(a.db, i % 2 ? 'pending' : 'paid', { payment: ago(1_000), stock: ago(1_000) }));

    const [byA, byB] = await Promise.all([a.deadlines.sweep(), b.deadlines.sweep()]);

    expect(byA + byB).toBe(30);
    // Each instance counts what it cancelled in its own registry: together, each order once.
    const [countedByA, countedByB] = [await a.expired(), await b.expired()];
    const counted = (c: Record<string, number>) => (c['payment'] ?? 0) + (c['stock'] ?? 0);
    expect([counted(countedByA), counted(countedByB)]).toEqual([byA, byB]);
    for (const orderId of due) {
      const { status, deadlines, events } = await outcome(a.db, orderId);
      expect({ orderId, status, deadlines: deadlines.length, events: events.map((e) => e.routingKey) }).toEqual({
        orderId,
        status: 'cancelled',
        deadlines: 1,
        events: ['order.cancelled'],
      });
    }
  });
});
