import { waitFor } from '@ecom/rabbit/testing';
import { consistencyFigures, countByStatus, dlqDepths, doubledEffects, OrderClient, runAudit, waitAllFinal } from './support/flow-checks';
import { orderBody } from './support/orders';
import { createPostgresDatabase } from './support/postgres';
import { createVhost } from './support/rabbitmqctl';
import { RunningSystem, type Service } from './support/system';

const ORDERS = Number(process.env['SCALE_ORDERS'] ?? 300);

/** A mix whose every path the audit checks: in stock, declined, sold out (refunded), flaky carrier. */
function bodyFor(i: number) {
  if (i % 20 === 0) return orderBody(`CUST-DECLINED-${i}`, 'PROD123', 40, 30);
  if (i % 20 === 7) return orderBody(`CUST-SOLDOUT-${i}`, 'PROD000', 1, 120);
  if (i % 10 === 5) return orderBody(`FLAKY-SC-${i}`);
  return orderBody(`CUST-SC-${i}`, 'PROD123', 1 + (i % 3), 12.5);
}

/**
 * Issue 14: competing instances. Two instances of every service on one PostgreSQL database (they
 * migrate at the same moment at start-up), orders spread over both order-service instances, and one
 * instance of a service SIGKILLed mid-run and started again. The ledger audit decides.
 */
describe('two instances of every service on one PostgreSQL database', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let vhost: Awaited<ReturnType<typeof createVhost>>;
  let system: RunningSystem;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    vhost = await createVhost('scale');
    // All ten start together: each service's two instances race to migrate the same schema.
    system = await RunningSystem.start({ amqpUrl: vhost.url, portBase: 3260, databaseUrl: database.url, instances: 2, env: { SHIPPING_RETRY_DELAY_MS: '300' } });
  });

  afterAll(async () => {
    await system?.stop();
    await vhost?.remove();
    await database?.remove();
  });

  it('competes for the queues, survives a killed instance, and the audit finds nothing', async () => {
    const started = Date.now();
    const client = new OrderClient(system, 2);
    const faults: string[] = [];
    const victims: { service: Service; instance: number }[] = [
      { service: 'payment-service', instance: 1 },
      { service: 'shipping-service', instance: 0 },
      { service: 'order-service', instance: 1 },
    ];

    const restarts: Promise<void>[] = [];
    const chaos = async () => {
      for (const [n, victim] of victims.entries()) {
        await waitFor(() => client.placed.length >= ORDERS * (0.2 + 0.25 * n), { timeoutMs: 120_000, what: 'the next kill point' });
        faults.push(`SIGKILL ${victim.service}#${victim.instance} after ${client.placed.length} orders, then restarted it`);
        await system.kill(victim.service, 'SIGKILL', victim.instance);
        // It comes back while the load goes on; its twin carries the queue meanwhile.
        restarts.push(system.restart(victim.service, victim.instance));
      }
    };

    const load = async () => {
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < ORDERS) {
            await client.place(bodyFor(next++));
            // A steady stream (about 60 orders/s) so the kills land mid-flow.
            await new Promise((resolve) => setTimeout(resolve, 60));
          }
        }),
      );
    };

    await Promise.all([load(), chaos()]);
    await Promise.all(restarts);
    const orders = await waitAllFinal(system, client.placed, 180_000);
    const audit = await runAudit(system);
    const doubled = await doubledEffects(system, orders);
    const depths = await dlqDepths(vhost.url);
    // Both instances did work: competing consumers, not a standby.
    const consumedBy = await Promise.all(
      (['payment-service', 'inventory-service', 'notification-service'] as Service[]).flatMap((service) =>
        [0, 1].map(async (instance) => {
          const text = (await system.http(service, instance).get('/metrics')).text ?? '';
          const total = text.split('\n').filter((l) => l.startsWith('ecom_rabbit_consumed_total{')).reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
          return { instance: `${service}#${instance}`, consumed: total };
        }),
      ),
    );
    const figures = {
      orders: client.placed.length,
      final: orders.length,
      byStatus: countByStatus(orders),
      faults,
      consumedBy,
      ...(await consistencyFigures(system, { expected: ORDERS, orders, doubled, dlqDepths: depths })),
      audit: audit.last,
      seconds: Math.round((Date.now() - started) / 1000),
    };
    console.log(`SCALE-OUT ${JSON.stringify(figures, null, 2)}`);
    if (audit.violations !== 0) console.log(audit.output.split('\n').filter((l) => l.startsWith('VIOLATION')).slice(0, 20).join('\n'));
    expect(system.crashed()).toEqual([]);
    expect(figures.final).toBe(ORDERS);
    expect(audit.violations).toBe(0);
    expect(doubled).toEqual([]);
    expect(consumedBy.every((c) => c.consumed > 0)).toBe(true);
  });
});
