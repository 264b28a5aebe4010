import type { EventData } from '@ecom/contracts';
import type { Inbox, Outbox, RabbitContext } from '@ecom/rabbit';
import { sqliteTestDatabase, type SqliteTestDatabase } from '@ecom/service-kit/testing';
import type { Kysely, Transaction } from 'kysely';
import { Registry } from 'prom-client';
import { paymentMigrations } from '../database/payment.migrations';
import type { PaymentDatabase } from '../database/payment.tables';
import { SimulatedGateway } from '../gateway/simulated-gateway';
import { PaymentsMetrics } from './payments.metrics';
import { PaymentsService } from './payments.service';
import { PaymentsStore } from './payments.store';

type Tx = Transaction<PaymentDatabase>;

/**
 * The service on a real SQLite database and the real gateway ledger; the inbox and outbox are
 * fakes that run the work in a transaction and record what would be published.
 */
describe('PaymentsService, a charge its crash left unrecorded', () => {
  let database: SqliteTestDatabase<PaymentDatabase>;
  let db: Kysely<PaymentDatabase>;
  let gateway: SimulatedGateway;
  let service: PaymentsService;
  let metrics: PaymentsMetrics;
  const published: string[] = [];
  const ctx = { correlationId: 'corr-1' } as RabbitContext;

  beforeAll(async () => {
    database = await sqliteTestDatabase<PaymentDatabase>(paymentMigrations);
    db = database.db;
    gateway = new SimulatedGateway(db);
    const inbox = { handleOnce: (_ctx: RabbitContext, work: (tx: Tx) => Promise<unknown>) => db.transaction().execute(async (tx) => ({ duplicate: false, result: await work(tx) })) };
    const outbox = {
      transaction: (work: (tx: Tx) => Promise<unknown>) => db.transaction().execute(work),
      publish: async (_tx: Tx, routingKey: string) => void published.push(routingKey),
    };
    metrics = new PaymentsMetrics(new Registry());
    service = new PaymentsService(new PaymentsStore(db), { declineAbove: 1_000 }, gateway, inbox as unknown as Inbox<Tx>, outbox as unknown as Outbox<Tx>, metrics);
  });

  afterAll(() => database.close());

  const created = (orderId: string): EventData<'order.created'> =>
    ({ orderId, customerId: 'c-1', customerEmail: 'c@example.com', items: [{ productId: 'p-1', quantity: 1, price: 25 }], totalAmount: 25, currency: 'USD', createdAt: new Date().toISOString() }) as EventData<'order.created'>;
  const cancelled = (orderId: string): EventData<'order.cancelled'> =>
    ({ orderId, customerId: 'c-1', totalAmount: 25, currency: 'USD', reason: 'payment_timeout', cancelledAt: new Date().toISOString() }) as unknown as EventData<'order.cancelled'>;
  const counted = async () => Object.fromEntries((await metrics.payments.get()).values.map((v) => [String(v.labels['outcome']), v.value]));
  const kinds = async (key: string) => (await gateway.ledger(100, 0)).filter((e) => e.idempotency_key === key).map((e) => e.kind).sort();

  it('pays back a charge made before a crash when the redelivery comes after the cancellation', async () => {
    await gateway.charge('o-crashed', 25, 'USD'); // the delivery that died before its commit
    await service.cancelOrder(cancelled('o-crashed'), ctx); // no payment known here: the order is voided
    await service.processOrder(created('o-crashed'), ctx); // the redelivery

    expect(await kinds('o-crashed')).toEqual(['charge', 'refund']);
    expect((await service.findByOrder('o-crashed'))?.status).toBe('refunded');
    expect(published).toContain('payment.refunded');
    expect(await counted()).toEqual({ refunded: 1 });
  });

  it('charges nothing when the cancellation came first and no charge was ever made', async () => {
    published.length = 0;
    await service.cancelOrder(cancelled('o-never'), ctx);
    await service.processOrder(created('o-never'), ctx);

    expect(await kinds('o-never')).toEqual([]);
    expect((await service.findByOrder('o-never'))?.status).toBe('voided');
    expect(published).toEqual([]);
    expect(await counted()).toEqual({ refunded: 1 });
  });
});
