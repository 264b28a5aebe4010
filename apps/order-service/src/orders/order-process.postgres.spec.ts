import { randomUUID } from 'node:crypto';
import { KyselyMessageStore, messagingMigrations } from '@ecom/rabbit/kysely';
import { createDatabase, migrateToLatest } from '@ecom/service-kit';
import { sql, type Kysely } from 'kysely';
import { Registry } from 'prom-client';
import { orderMigrations } from '../database/order.migrations';
import type { OrderDatabase } from '../database/order.tables';
import type { OrderInput } from './order-process';
import { OrderProcessService } from './order-process.service';
import { OrdersMetrics } from './orders.metrics';
import { OrdersStore, type Tx } from './orders.store';
import { dropTestSchema, orderRow, outboxWithoutBroker, TEST_DATABASE_URL, testSchemaName } from './orders.test-support';

// Two instances of order-service on one PostgreSQL schema (READ COMMITTED), handling two events
// of the same order at the same moment: the race that lost updates before the process table.
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Holds every read open a while, so two handlers both read before either writes (if nothing stops them). */
class SlowStore extends OrdersStore {
  override async lock(tx: Tx, orderId: string) {
    const row = await super.lock(tx, orderId);
    await sleep(40);
    return row;
  }
}

/** No row lock at all: only the conditional update stands between two handlers. */
class UnlockedStore extends OrdersStore {
  override async lock(tx: Tx, orderId: string) {
    const row = await tx.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirst();
    await sleep(40);
    return row;
  }
}

interface Instance {
  db: Kysely<OrderDatabase>;
  process: OrderProcessService;
  messages: KyselyMessageStore<OrderDatabase>;
}

function instance(schema: string, Store: typeof OrdersStore): Instance {
  const db = createDatabase<OrderDatabase>({ databaseUrl: TEST_DATABASE_URL, pgSchema: schema, sqliteFile: '' });
  const { messages, outbox } = outboxWithoutBroker(db);
  const metrics = new OrdersMetrics(new Registry());
  const process = new OrderProcessService(new Store(db), outbox, metrics, { paymentTimeoutMs: 60_000, stockTimeoutMs: 60_000, deadlineSweepMs: 1_000 });
  return { db, process, messages };
}

describe('the order process on PostgreSQL, two instances, one order', () => {
  const schema = testSchemaName('test_orders');
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    a = instance(schema, SlowStore);
    b = instance(schema, SlowStore);
    await migrateToLatest(a.db, { ...messagingMigrations, ...orderMigrations });
  });

  afterAll(async () => {
    await a.db.destroy();
    await b.db.destroy();
    await dropTestSchema(schema);
  });

  async function newOrder(db: Kysely<OrderDatabase>): Promise<string> {
    const row = orderRow({ payment_due_at: new Date().toISOString() });
    await db.insertInto('orders').values(row).execute();
    return row.order_id;
  }

  function handle(on: Instance, orderId: string, input: OrderInput) {
    return on.process.withRetry(() =>
      on.messages.transaction((tx) =>
        on.process.step(tx, { orderId, input, history: { type: input, at: new Date().toISOString(), details: {}, eventId: randomUUID() } }),
      ),
    );
  }

  async function outcome(orderId: string) {
    const order = await a.db.selectFrom('orders').select('status').where('order_id', '=', orderId).executeTakeFirstOrThrow();
    const events = await sql<{ routing_key: string }>`select routing_key from ecom_outbox where body like ${'%' + orderId + '%'}`.execute(a.db);
    return { status: order.status, events: events.rows.map((r) => r.routing_key).sort() };
  }

  it('payment and reservation handled at once by two instances: confirmed, confirmed once', async () => {
    for (let i = 0; i < 5; i++) {
      const orderId = await newOrder(a.db);
      await Promise.all([handle(a, orderId, 'payment.processed.successful'), handle(b, orderId, 'inventory.stock.reserved')]);
      const { status, events } = await outcome(orderId);
      expect({ status, confirmed: events.filter((e) => e === 'order.confirmed').length }).toEqual({ status: 'confirmed', confirmed: 1 });
    }
  });

  it('a shipment and a late duplicate payment at once: shipped stays shipped', async () => {
    const orderId = await newOrder(a.db);
    await handle(a, orderId, 'payment.processed.successful');
    await handle(a, orderId, 'inventory.stock.reserved');
    await Promise.all([handle(a, orderId, 'shipping.shipment.created'), handle(b, orderId, 'payment.processed.successful')]);
    expect((await outcome(orderId)).status).toBe('shipped');
  });

  it('a cancel racing the reservation: one of the two, never confirmed and cancelled', async () => {
    const orderId = await newOrder(a.db);
    await handle(a, orderId, 'payment.processed.successful');
    await Promise.all([handle(a, orderId, 'cancel'), handle(b, orderId, 'inventory.stock.reserved')]);
    const { status, events } = await outcome(orderId);
    // Reservation first: confirmed, then the cancel asks shipping. Cancel first: cancelled, never confirmed.
    if (status === 'cancelled') expect(events).toEqual(['order.cancelled']);
    else expect({ status, events }).toEqual({ status: 'cancelling', events: ['order.cancellation.requested', 'order.confirmed'] });
  });

  it('without the row lock, the conditional update alone still loses nothing (the stale handler runs again)', async () => {
    const c = instance(schema, UnlockedStore);
    const d = instance(schema, UnlockedStore);
    try {
      for (let i = 0; i < 5; i++) {
        const orderId = await newOrder(c.db);
        await Promise.all([handle(c, orderId, 'payment.processed.successful'), handle(d, orderId, 'inventory.stock.reserved')]);
        // Whichever committed first, the other ran again on the new status: confirmed, exactly once.
        const { status, events } = await outcome(orderId);
        expect({ status, confirmed: events.filter((e) => e === 'order.confirmed').length }).toEqual({ status: 'confirmed', confirmed: 1 });
      }
    } finally {
      await c.db.destroy();
      await d.db.destroy();
    }
  });
});
