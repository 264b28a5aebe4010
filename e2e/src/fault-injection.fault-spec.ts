import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { metricTotal } from './support/metrics';
import { getOrder, orderBody, placeOrder, type OrderView } from './support/orders';
import { closeAllConnections, createVhost } from './support/rabbitmqctl';
import { RunningSystem, SERVICES, type Service } from './support/system';
import { waitFor } from '@ecom/rabbit/testing';

const ORDERS = Number(process.env['FAULT_ORDERS'] ?? 600);
const LIMITED = 50; // concurrent orders for PROD789, of which 5 are in stock
const CONCURRENCY = 25;
const PAYMENT_TIMEOUT_MS = 5_000;
const PAYMENT_OUTAGE_MS = 8_000; // longer than the payment deadline
const AUDIT_CLI = resolve(__dirname, '../../tools/dist/audit/audit.cli.js');
const FINAL = new Set(['shipped', 'payment_failed', 'cancelled']);

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

type Kind = 'in-stock' | 'sold-out' | 'declined' | 'flaky' | 'cancel-race' | 'carrier-down';

/** The mix: most ship at once; some are sold out, declined, flaky, cancelled by the customer mid-flight, or held by a dead carrier. */
function kindOf(i: number): Kind {
  if (i % 20 === 0) return 'declined';
  if (i % 20 === 3) return 'sold-out';
  if (i % 10 === 5) return 'flaky';
  if (i % 20 === 7 || i % 20 === 13) return 'cancel-race';
  if (i % 100 === 11) return 'carrier-down';
  return 'in-stock';
}

function bodyFor(kind: Kind, i: number) {
  if (kind === 'declined') return orderBody(`CUST-DECLINED-${i}`, 'PROD123', 40, 30);
  if (kind === 'sold-out') return orderBody(`CUST-SOLDOUT-${i}`, 'PROD000', 1, 120);
  if (kind === 'flaky') return orderBody(`FLAKY-${i}`);
  if (kind === 'carrier-down') return orderBody(`DOWN-${i}`);
  return orderBody(`CUST-${i}`, 'PROD123', 1 + (i % 3), 12.5);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A mixed load while every broker connection is closed three times and payment-service is killed
 * for longer than the payment deadline: in stock, sold out, limited stock (50 orders for 5 posters),
 * declined, customers cancelling while the carrier is called, flaky and dead carriers (the dead
 * ones cancelled by an operator). Every order must end final, and the ledger audit must find nothing.
 */
describe('fault injection', () => {
  let vhost: Awaited<ReturnType<typeof createVhost>>;
  let system: RunningSystem;

  beforeAll(async () => {
    vhost = await createVhost('fault');
    system = await RunningSystem.start({
      amqpUrl: vhost.url,
      portBase: 3140,
      env: { SHIPPING_RETRY_DELAY_MS: '500', ORDER_PAYMENT_TIMEOUT_MS: String(PAYMENT_TIMEOUT_MS), ORDER_STOCK_TIMEOUT_MS: '60000' },
    });
  });

  afterAll(async () => {
    await system?.stop();
    await vhost?.remove();
  });

  it(`takes ${LIMITED} limited and ${ORDERS} mixed orders through closed connections and a payment outage, and the audit finds nothing`, async () => {
    const started = Date.now();
    const chaos: string[] = [];
    const cancelAnswers: Record<string, number> = {};
    const cancel = async (orderId: string, reason: 'customer_request' | 'operator') => {
      const response = await system.http('order-service').post(`/orders/${orderId}/cancel`).send({ reason });
      cancelAnswers[response.status] = (cancelAnswers[response.status] ?? 0) + 1;
    };

    // Limited stock first, all at once: exactly 5 of 50 can be sold.
    const limited = await Promise.all(
      Array.from({ length: LIMITED }, (_, i) => placeOrder(system, orderBody(`CUST-POSTER-${i}`, 'PROD789', 1, 15))),
    );

    const closeAt = new Set([Math.floor(ORDERS * 0.2), Math.floor(ORDERS * 0.5), Math.floor(ORDERS * 0.8)]);
    const killAt = Math.floor(ORDERS * 0.35);
    // Orders keep coming during the payment outage (those time out), then the rest wait for its end,
    // so the mix is not all payment timeouts.
    const DURING_OUTAGE = 60;
    let outageOver: () => void = () => undefined;
    const outage = new Promise<void>((resolve) => (outageOver = resolve));
    const races: Promise<void>[] = [];
    const kinds = Array.from({ length: ORDERS }, (_, i) => kindOf(i));
    const ids = await mapLimit(kinds, CONCURRENCY, async (kind, i) => {
      if (closeAt.has(i)) {
        chaos.push(`closed all connections after ${i} orders`);
        await closeAllConnections(vhost.name);
      }
      if (i === killAt) {
        chaos.push(`SIGKILL payment-service after ${i} orders, restarted ${PAYMENT_OUTAGE_MS / 1000} s later (payment deadline ${PAYMENT_TIMEOUT_MS / 1000} s)`);
        await system.kill('payment-service', 'SIGKILL');
        void sleep(PAYMENT_OUTAGE_MS)
          .then(() => system.restart('payment-service'))
          .then(outageOver);
      }
      if (i > killAt + DURING_OUTAGE) await outage;
      const id = await placeOrder(system, bodyFor(kind, i));
      // The customer cancels a moment later: before payment, while reserved, or while the carrier is called.
      if (kind === 'cancel-race') races.push(sleep((i * 37) % 400).then(() => cancel(id, 'customer_request')));
      return id;
    });
    await outage;
    await Promise.all(races);

    // Held orders (dead carrier) are cancelled by an operator; everything else must end on its own.
    const operatorCancelled = new Set<string>();
    const all = [...limited, ...ids];
    let stuck: OrderView[] = [];
    const orders = await waitFor(
      async () => {
        const now = await mapLimit(all, 50, (id) => getOrder(system, id));
        stuck = now.filter((o) => !FINAL.has(o.status));
        for (const order of now.filter((o) => o.status === 'shipping_failed' && !operatorCancelled.has(o.orderId))) {
          operatorCancelled.add(order.orderId);
          await cancel(order.orderId, 'operator');
        }
        return now.every((o) => FINAL.has(o.status)) ? now : undefined;
      },
      { timeoutMs: 150_000, intervalMs: 2_000, what: `all ${all.length} orders to reach a final status` },
    ).catch((error: Error) => {
      // Say which orders did not finish and how far each got.
      const sample = stuck.slice(0, 5).map((o) => ({ id: o.orderId, status: o.status, history: o.history.map((h) => h.type) }));
      throw new Error(`${error.message}; ${stuck.length} not final: ${JSON.stringify(sample)}`);
    });

    // The ledger audit over every service's read API.
    const url = (service: Service) => system.url(service);
    const audit = await promisify(execFile)(
      process.execPath,
      [AUDIT_CLI, '--order', url('order-service'), '--payment', url('payment-service'), '--inventory', url('inventory-service'), '--shipping', url('shipping-service'), '--notification', url('notification-service')],
      { maxBuffer: 16 * 1024 * 1024 },
    ).catch((error: { stdout?: string; code?: number }) => ({ stdout: error.stdout ?? '', stderr: '', code: error.code }));
    const auditLines = audit.stdout.trimEnd().split('\n');
    const last = auditLines.at(-1) ?? '';
    const violations = Number(/(\d+) violations$/.exec(last)?.[1] ?? NaN);

    const historyDoubles = orders.filter((o: OrderView) => new Set(o.history.map((h) => h.eventId)).size !== o.history.length).length;
    const soldPosters = orders.filter((o) => limited.includes(o.orderId) && o.status === 'shipped').length;
    const count = (pick: (o: OrderView) => string | undefined) =>
      orders.reduce<Record<string, number>>((acc, o) => {
        const key = pick(o);
        if (key) acc[key] = (acc[key] ?? 0) + 1;
        return acc;
      }, {});
    const sum = async (name: string) =>
      (await Promise.all(SERVICES.map((service) => metricTotal(system, service, name)))).reduce((a, b) => a + b, 0);
    const refunds = Number(/(\d+) refunds/.exec(audit.stdout)?.[1] ?? NaN);
    const figures = {
      orders: orders.length,
      byStatus: count((o) => o.status),
      cancelledByReason: count((o) => (o.status === 'cancelled' ? String(o.cancelReason) : undefined)),
      posters: { ordered: LIMITED, sold: soldPosters },
      refunds,
      cancelAnswers,
      operatorCancels: operatorCancelled.size,
      redeliveriesSeen: await sum('ecom_rabbit_redelivered_total'),
      duplicatesAbsorbed: await sum('ecom_rabbit_duplicates_absorbed_total'),
      historyDoubles,
      violations,
      audit: auditLines.filter((line) => !line.startsWith('VIOLATION')),
      violationLines: auditLines.filter((line) => line.startsWith('VIOLATION')).slice(0, 20),
      chaos,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    console.log(`FAULT INJECTION ${JSON.stringify(figures, null, 2)}`);
    const out = resolve(__dirname, '../../bench-results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'fault-injection.json'), `${JSON.stringify({ ...figures, at: new Date().toISOString() }, null, 2)}\n`);

    expect(last).toBe(`audit: ${orders.length} orders, 0 violations`);
    expect(soldPosters).toBe(5);
    expect(historyDoubles).toBe(0);
    expect(figures.cancelledByReason['out_of_stock']).toBeGreaterThanOrEqual(LIMITED - 5);
  });
});
