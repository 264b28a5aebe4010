import { sqliteTestDatabase, type SqliteTestDatabase } from '@ecom/service-kit/testing';
import { shippingMigrations } from '../database/shipping.migrations';
import type { ShippingDatabase } from '../database/shipping.tables';
import { parseCarrierSchedule } from './carrier-schedule';
import { CarrierUnavailableError, SimulatedCarrier } from './simulated-carrier';

describe('SimulatedCarrier', () => {
  let database: SqliteTestDatabase<ShippingDatabase>;
  let carrier: SimulatedCarrier;

  beforeAll(async () => {
    database = await sqliteTestDatabase<ShippingDatabase>(shippingMigrations);
    carrier = new SimulatedCarrier(parseCarrierSchedule('FLAKY*=fail-first:1,*=ok'), database.db);
  });

  afterAll(() => database.close());

  it('hands an order over once: a repeated call returns the first label', async () => {
    const first = await carrier.createShipment({ orderId: 'order-1', customerId: 'CUST', failedBefore: 0 });
    const again = await carrier.createShipment({ orderId: 'order-1', customerId: 'CUST', failedBefore: 0 });
    expect(again).toEqual(first);
    expect(await carrier.ledger(100, 0)).toEqual([expect.objectContaining({ idempotency_key: 'order-1', calls: 2 })]);
  });

  it('fails on its schedule and records nothing for a failed call', async () => {
    await expect(carrier.createShipment({ orderId: 'order-2', customerId: 'FLAKY-1', failedBefore: 0 })).rejects.toBeInstanceOf(CarrierUnavailableError);
    expect((await carrier.ledger(100, 0)).map((e) => e.idempotency_key)).toEqual(['order-1']);
    await carrier.createShipment({ orderId: 'order-2', customerId: 'FLAKY-1', failedBefore: 1 });
    expect(await carrier.ledger(100, 0)).toHaveLength(2);
  });
});
