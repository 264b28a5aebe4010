import { sqliteTestDatabase, type SqliteTestDatabase } from '@ecom/service-kit/testing';
import type { Kysely } from 'kysely';
import { shippingMigrations } from '../database/shipping.migrations';
import type { ShippingDatabase } from '../database/shipping.tables';
import { ShipmentsStore } from './shipments.store';

// The store's guards on a real SQLite database: what makes a redelivery change nothing twice.
describe('ShipmentsStore on SQLite', () => {
  let database: SqliteTestDatabase<ShippingDatabase>;
  let db: Kysely<ShippingDatabase>;
  let store: ShipmentsStore;
  const at = () => new Date().toISOString();

  beforeAll(async () => {
    database = await sqliteTestDatabase<ShippingDatabase>(shippingMigrations);
    db = database.db;
    store = new ShipmentsStore(db);
  });

  afterAll(() => database.close());

  const claim = (orderId: string) =>
    db.transaction().execute((tx) => store.insert(tx, { orderId, status: 'dispatching', customerId: 'c-1', correlationId: 'corr', reason: null }));

  it('keeps one row an order: a second insert changes nothing', async () => {
    expect(await claim('o-1')).toBe(true);
    expect(await claim('o-1')).toBe(false);
    expect(await store.find('o-1')).toMatchObject({ status: 'dispatching', cancel_requested: 0, attempts: 0 });
  });

  it('records the label once, and only on a dispatching row', async () => {
    await claim('o-2');
    const label = { orderId: 'o-2', shipmentId: 's-2', carrier: 'DHL', trackingNumber: 'T-2', attempts: 1, at: at() };
    expect(await db.transaction().execute((tx) => store.markCreated(tx, label))).toBe(true);
    expect(await db.transaction().execute((tx) => store.markCreated(tx, { ...label, trackingNumber: 'T-other' }))).toBe(false);
    expect(await store.find('o-2')).toMatchObject({ status: 'created', tracking_number: 'T-2', attempts: 1 });
  });

  it('counts each failed call once, per replay cycle, and leaves dispatching', async () => {
    await claim('o-3');
    const failed = (cycle: number, attempt: number) =>
      db.transaction().execute(async (tx) => {
        const recorded = await store.recordFailedAttempt(tx, { order_id: 'o-3', cycle, attempt, reason: 'carrier down', failed_at: at() });
        await store.markCallFailed(tx, 'o-3', { status: 'waiting', attempts: attempt, reason: 'carrier down', at: at() });
        return recorded;
      });
    expect(await failed(0, 1)).toBe(true);
    expect(await failed(0, 1)).toBe(false); // the same delivery twice
    expect(await failed(0, 2)).toBe(true);
    expect(await failed(1, 1)).toBe(true); // replayed from the DLQ: a new cycle
    expect(await store.countFailedAttempts('o-3')).toBe(3);
    expect((await store.failedAttempts('o-3')).map((a) => [a.cycle, a.attempt])).toEqual([
      [0, 1],
      [0, 2],
      [1, 1],
    ]);
    expect(await store.find('o-3')).toMatchObject({ status: 'waiting', attempts: 1 });
  });

  it('marks a cancellation asked during a call, and a cancelled row', async () => {
    await claim('o-4');
    await db.transaction().execute((tx) => store.requestCancel(tx, 'o-4'));
    expect(await store.find('o-4')).toMatchObject({ status: 'dispatching', cancel_requested: 1 });
    await db.transaction().execute((tx) => store.markCancelled(tx, 'o-4', 'customer_request', at()));
    expect(await store.find('o-4')).toMatchObject({ status: 'cancelled', cancel_requested: 1, reason: 'customer_request' });
  });
});
