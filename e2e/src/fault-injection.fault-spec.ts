import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { metricTotal } from './support/metrics';
import { getOrder, isFinal, orderBody, placeOrder, type OrderView } from './support/orders';
import { closeAllConnections, createVhost } from './support/rabbitmqctl';
import { RunningSystem, SERVICES, type Service } from './support/system';
import { waitFor } from '@ecom/rabbit/testing';

const ORDERS = Number(process.env['FAULT_ORDERS'] ?? 1000);
const CONCURRENCY = 25;

/** Maps `items` through `work` with at most `limit` in flight. */
async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

/** A mix of customers: most ship at once, some are declined, some need carrier retries. */
function bodyFor(i: number) {
  if (i % 20 === 0) return orderBody(`CUST-DECLINED-${i}`, 'PROD123', 40, 30);
  if (i % 10 === 5) return orderBody(`FLAKY-${i}`);
  return orderBody(`CUST-${i}`, 'PROD123', 1 + (i % 3), 12.5);
}

/**
 * 1,000 orders while every broker connection is closed several times and one service is killed
 * with SIGKILL and restarted. At the end every order is final and every service shows exactly
 * one effect per order: nothing lost, nothing done twice.
 */
describe('fault injection', () => {
  let vhost: Awaited<ReturnType<typeof createVhost>>;
  let system: RunningSystem;

  beforeAll(async () => {
    vhost = await createVhost('fault');
    system = await RunningSystem.start({ amqpUrl: vhost.url, portBase: 3140, env: { SHIPPING_RETRY_DELAY_MS: '500' } });
  });

  afterAll(async () => {
    await system?.stop();
    await vhost?.remove();
  });

  it(`takes ${ORDERS} orders through closed connections and a killed service without loss or double effects`, async () => {
    const started = Date.now();
    const chaos: string[] = [];
    const closeAt = new Set([Math.floor(ORDERS * 0.2), Math.floor(ORDERS * 0.5), Math.floor(ORDERS * 0.8)]);
    const killAt = Math.floor(ORDERS * 0.35);
    const victim: Service = 'payment-service';
    let restarted: Promise<void> = Promise.resolve();

    const ids = await mapLimit(Array.from({ length: ORDERS }, (_, i) => i), CONCURRENCY, async (i) => {
      if (closeAt.has(i)) {
        chaos.push(`closed all connections after ${i} orders`);
        await closeAllConnections(vhost.name);
      }
      if (i === killAt) {
        chaos.push(`SIGKILL ${victim} after ${i} orders, then restarted it`);
        await system.kill(victim, 'SIGKILL');
        restarted = system.restart(victim);
      }
      return placeOrder(system, bodyFor(i));
    });
    await restarted;

    const orders = await waitFor(
      async () => {
        const all = await mapLimit(ids, 50, (id) => getOrder(system, id));
        return all.every(isFinal) ? all : undefined;
      },
      { timeoutMs: 600_000, intervalMs: 2_000, what: `all ${ORDERS} orders to reach a final status` },
    );

    // Exactly one effect per order in each service's own read API.
    const doubles: string[] = [];
    const missing: string[] = [];
    await mapLimit(orders, 25, async (order: OrderView) => {
      const expectPaid = order.status !== 'payment_failed';
      const count = async (service: Service, path: string) => (await system.http(service).get(path).expect(200)).body.length as number;
      const payments = await count('payment-service', `/payments?orderId=${order.orderId}`);
      const reservations = await count('inventory-service', `/reservations?orderId=${order.orderId}`);
      const shipments = await count('shipping-service', `/shipments?orderId=${order.orderId}`);
      const notifications = (await system.http('notification-service').get(`/notifications?orderId=${order.orderId}`)).body as { kind: string }[];
      const expectedKinds = expectPaid ? ['order_received', 'payment_succeeded', 'shipped'] : ['order_received', 'payment_failed'];
      const kinds = notifications.map((n) => n.kind).sort();
      if (payments > 1 || reservations > 1 || shipments > 1 || kinds.length > expectedKinds.length) doubles.push(order.orderId);
      if (payments < 1 || (expectPaid && (reservations < 1 || shipments < 1)) || kinds.length < expectedKinds.length) {
        missing.push(order.orderId);
      }
      if (!expectPaid && (reservations > 0 || shipments > 0)) doubles.push(order.orderId);
      const entries = order.history.map((h) => h.eventId);
      if (new Set(entries).size !== entries.length) doubles.push(order.orderId);
    });

    const sum = async (name: string) =>
      (await Promise.all(SERVICES.map((service) => metricTotal(system, service, name)))).reduce((a, b) => a + b, 0);
    const figures = {
      orders: ORDERS,
      final: orders.length,
      shipped: orders.filter((o) => o.status === 'shipped').length,
      paymentFailed: orders.filter((o) => o.status === 'payment_failed').length,
      shippingFailed: orders.filter((o) => o.status === 'shipping_failed').length,
      redeliveriesSeen: await sum('ecom_rabbit_redelivered_total'),
      duplicatesAbsorbed: await sum('ecom_rabbit_duplicates_absorbed_total'),
      lost: missing.length,
      doubleEffects: new Set(doubles).size,
      chaos,
      seconds: Math.round((Date.now() - started) / 1000),
      note: 'redeliveries and duplicates are counted since each process started; the killed service restarted from zero',
    };
    console.log(`FAULT INJECTION ${JSON.stringify(figures, null, 2)}`);
    const out = resolve(__dirname, '../../bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'fault-injection.json'), `${JSON.stringify({ ...figures, at: new Date().toISOString() }, null, 2)}\n`);

    expect(figures.lost).toBe(0);
    expect(figures.doubleEffects).toBe(0);
    expect(figures.final).toBe(ORDERS);
  });
});
