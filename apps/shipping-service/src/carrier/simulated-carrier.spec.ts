import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { messagingMigrations } from '@ecom/rabbit/kysely';
import { createDatabase, migrateToLatest } from '@ecom/service-kit';
import type { Kysely } from 'kysely';
import { shippingMigrations } from '../database/shipping.migrations';
import type { ShippingDatabase } from '../database/shipping.tables';
import { parseCarrierSchedule } from './carrier-schedule';
import { CarrierUnavailableError, SimulatedCarrier } from './simulated-carrier';

describe('SimulatedCarrier', () => {
  const dir = mkdtempSync(join(tmpdir(), 'carrier-'));
  let db: Kysely<ShippingDatabase>;
  let carrier: SimulatedCarrier;

  beforeAll(async () => {
    db = createDatabase<ShippingDatabase>({ sqliteFile: join(dir, 'shipping.sqlite'), pgSchema: 'shipping_service' });
    await migrateToLatest(db, { ...messagingMigrations, ...shippingMigrations });
    carrier = new SimulatedCarrier(parseCarrierSchedule('FLAKY*=fail-first:1,*=ok'), db);
  });

  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

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
