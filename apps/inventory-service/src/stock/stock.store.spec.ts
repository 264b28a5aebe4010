import { sqliteTestDatabase, type SqliteTestDatabase } from '@ecom/service-kit/testing';
import type { Kysely } from 'kysely';
import { inventoryMigrations } from '../database/inventory.migrations';
import type { InventoryDatabase } from '../database/inventory.tables';
import { StockStore } from './stock.store';

// The store on a real SQLite database with the seeded catalogue.
describe('StockStore on SQLite', () => {
  let database: SqliteTestDatabase<InventoryDatabase>;
  let db: Kysely<InventoryDatabase>;
  let store: StockStore;
  const at = () => new Date().toISOString();

  beforeAll(async () => {
    database = await sqliteTestDatabase<InventoryDatabase>(inventoryMigrations);
    db = database.db;
    store = new StockStore(db);
  });

  afterAll(() => database.close());

  const claim = (orderId: string, status: 'insufficient' | 'cancelled' = 'insufficient') =>
    db.transaction().execute((tx) => store.recordReservation(tx, { orderId, reservationId: `r-${orderId}`, status, items: [], at: at(), correlationId: 'corr' }));

  it('keeps one reservation row an order: a second claim changes nothing', async () => {
    expect(await claim('o-1')).toBe(true);
    expect(await claim('o-1', 'cancelled')).toBe(false);
    expect(await db.transaction().execute((tx) => store.lockReservation(tx, 'o-1'))).toMatchObject({ status: 'insufficient', items: '[]' });
  });

  it('moves units between available and reserved, and back', async () => {
    const shelf = (productId: string) => db.transaction().execute((tx) => store.lockShelf(tx, productId));
    expect(await shelf('PROD789')).toBe(5);
    expect(await shelf('NO-SUCH-PRODUCT')).toBeUndefined();
    await db.transaction().execute(async (tx) => {
      await store.moveToReserved(tx, 'PROD789', 3);
      await store.decide(tx, 'o-1', 'reserved', [{ productId: 'PROD789', quantity: 3 }]);
    });
    expect(await store.findStock('PROD789')).toMatchObject({ available: 2, reserved: 3 });
    await db.transaction().execute(async (tx) => {
      await store.moveToReserved(tx, 'PROD789', -3);
      await store.markReleased(tx, 'o-1', at());
    });
    expect(await store.findStock('PROD789')).toMatchObject({ available: 5, reserved: 0 });
    expect(await store.reservations('o-1', 10, 0)).toEqual([expect.objectContaining({ status: 'released', items: '[{"productId":"PROD789","quantity":3}]' })]);
  });
});
