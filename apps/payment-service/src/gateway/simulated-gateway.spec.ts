import { sqliteTestDatabase, type SqliteTestDatabase } from '@ecom/service-kit/testing';
import { paymentMigrations } from '../database/payment.migrations';
import type { PaymentDatabase } from '../database/payment.tables';
import { SimulatedGateway } from './simulated-gateway';

describe('SimulatedGateway', () => {
  let database: SqliteTestDatabase<PaymentDatabase>;
  let gateway: SimulatedGateway;

  beforeAll(async () => {
    database = await sqliteTestDatabase<PaymentDatabase>(paymentMigrations);
    gateway = new SimulatedGateway(database.db);
  });

  afterAll(() => database.close());

  it('charges once per key, however often it is called (a redelivery, a crash before the commit)', async () => {
    const first = await gateway.charge('order-1', 29.99, 'USD');
    const again = await gateway.charge('order-1', 29.99, 'USD');
    expect(again).toMatchObject({ idempotency_key: 'order-1', kind: 'charge', amount: 29.99, at: first.at, calls: 2 });
    expect(await gateway.ledger(100, 0)).toHaveLength(1);
  });

  it('refunds the charge in full, once; nothing to refund without a charge', async () => {
    await gateway.charge('order-2', 10, 'USD');
    await gateway.refund('order-2');
    expect(await gateway.refund('order-2')).toMatchObject({ kind: 'refund', amount: 10, calls: 2 });
    expect(await gateway.refund('never-charged')).toBeUndefined();
    const ledger = await gateway.ledger(100, 0);
    expect(ledger.filter((e) => e.idempotency_key === 'order-2').map((e) => e.kind).sort()).toEqual(['charge', 'refund']);
  });
});
