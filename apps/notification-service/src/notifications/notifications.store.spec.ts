import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, migrateToLatest } from '@ecom/service-kit';
import type { Kysely } from 'kysely';
import { notificationMigrations } from '../database/notification.migrations';
import type { NotificationDatabase } from '../database/notification.tables';
import { NotificationsStore } from './notifications.store';

// The store on a real SQLite database: one notification an order and kind, whoever asks twice.
describe('NotificationsStore on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'notifications-'));
  let db: Kysely<NotificationDatabase>;
  let store: NotificationsStore;

  beforeAll(async () => {
    db = createDatabase<NotificationDatabase>({ sqliteFile: join(dir, 'notification.sqlite'), pgSchema: 'notification_service' });
    await migrateToLatest(db, notificationMigrations);
    store = new NotificationsStore(db);
  });

  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

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
