import { prepareQuery } from '@ecom/rabbit/kysely';
import { DATABASE } from '@ecom/service-kit';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { Inject, Injectable } from '@nestjs/common';
import type { NotificationDatabase, NotificationsTable } from '../database/notification.tables';

export type Tx = Transaction<NotificationDatabase>;

/** One notification per order and kind; changes nothing for one already recorded. */
const recordNotification = prepareQuery<NotificationDatabase, Omit<NotificationsTable, 'id'>>()((db, param) =>
  db
    .insertInto('notifications')
    .values({
      order_id: param('order_id'),
      kind: param('kind'),
      recipient: param('recipient'),
      subject: param('subject'),
      body: param('body'),
      event_id: param('event_id'),
      created_at: param('created_at'),
      correlation_id: param('correlation_id'),
    })
    .onConflict((oc) => oc.columns(['order_id', 'kind']).doNothing()),
);

/** The SQL of notifications: one row an order and kind, the record of what was sent. */
@Injectable()
export class NotificationsStore {
  constructor(@Inject(DATABASE) private readonly db: Kysely<NotificationDatabase>) {}

  /** False when this order already has a notification of this kind. */
  async record(tx: Tx, notification: Omit<NotificationsTable, 'id'>): Promise<boolean> {
    return (await recordNotification.affected(tx, notification)) > 0;
  }

  async hasKind(tx: Tx, orderId: string, kind: NotificationsTable['kind']): Promise<boolean> {
    const row = await tx.selectFrom('notifications').select('id').where('order_id', '=', orderId).where('kind', '=', kind).executeTakeFirst();
    return row !== undefined;
  }

  /** A page of notifications, oldest first, optionally one order's. */
  list(orderId: string | undefined, limit: number, offset: number): Promise<Selectable<NotificationsTable>[]> {
    let query = this.db.selectFrom('notifications').selectAll().orderBy('id').limit(limit).offset(offset);
    if (orderId) query = query.where('order_id', '=', orderId);
    return query.execute();
  }
}
