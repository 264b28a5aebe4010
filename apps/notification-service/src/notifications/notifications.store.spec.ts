import { sqliteTestDatabase, type SqliteTestDatabase } from '@ecom/service-kit/testing';
import type { Kysely } from 'kysely';
import { notificationMigrations } from '../database/notification.migrations';
import type { NotificationDatabase } from '../database/notification.tables';
import { NotificationsStore } from './notifications.store';

// The store on a real SQLite database: one notification an order and kind, whoever asks twice.
describe('NotificationsStore on SQLite', () => {
  let database: SqliteTestDatabase<NotificationDatabase>;
  let db: Kysely<NotificationDatabase>;
  let store: NotificationsStore;

  beforeAll(async () => {
    database = await sqliteTestDatabase<NotificationDatabase>(notificationMigrations);
    db = database.db;
    store = new NotificationsStore(db);
  });

  afterAll(() => database.close());

  const notification = (orderId: string, kind: 'order_received' | 'order_cancelled', eventId: string) => ({
    order_id: orderId,
    kind,
    recipient: 'c@example.com',
    subject: kind,
    body: '…',
    event_id: eventId,
    created_at: new Date().toISOString(),
    correlation_id: 'corr',
  });

  it('records one notification an order and kind', async () => {
    expect(await db.transaction().execute((tx) => store.record(tx, notification('o-1', 'order_received', 'e-1')))).toBe(true);
    expect(await db.transaction().execute((tx) => store.record(tx, notification('o-1', 'order_received', 'e-2')))).toBe(false);
    expect(await db.transaction().execute((tx) => store.record(tx, notification('o-1', 'order_cancelled', 'e-3')))).toBe(true);
    expect((await store.list('o-1', 10, 0)).map((n) => [n.kind, n.event_id])).toEqual([
      ['order_received', 'e-1'],
      ['order_cancelled', 'e-3'],
    ]);
  });

  it('says whether an order has had a notification of a kind', async () => {
    await db.transaction().execute((tx) => store.record(tx, notification('o-2', 'order_received', 'e-4')));
    expect(await db.transaction().execute((tx) => store.hasKind(tx, 'o-2', 'order_received'))).toBe(true);
    expect(await db.transaction().execute((tx) => store.hasKind(tx, 'o-2', 'order_cancelled'))).toBe(false);
  });
});
