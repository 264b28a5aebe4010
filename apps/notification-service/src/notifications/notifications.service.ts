import { Inbox, RabbitContext } from '@ecom/rabbit';
import { prepareQuery } from '@ecom/rabbit/kysely';
import { DATABASE } from '@ecom/service-kit';
import type { Kysely, Transaction } from 'kysely';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { NotificationDatabase, NotificationsTable } from '../database/notification.tables';
import type { NotificationMessage } from './notification-message';
import { NotificationsMetrics } from './notifications.metrics';

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

/** Records and "sends" (logs) one notification per customer-facing event. */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Kysely<NotificationDatabase>,
    private readonly inbox: Inbox<Transaction<NotificationDatabase>>,
    private readonly metrics: NotificationsMetrics,
  ) {}

  async notify(message: NotificationMessage, ctx: RabbitContext): Promise<void> {
    const outcome = await this.inbox.handleOnce(ctx, async (tx) => {
      // A decline that reaches us after the order was cancelled (payment deadline passed while
      // payment-service was down) would only confuse: the customer already heard it is cancelled.
      if (message.kind === 'payment_failed') {
        const cancelled = await tx.selectFrom('notifications').select('id').where('order_id', '=', message.orderId).where('kind', '=', 'order_cancelled').executeTakeFirst();
        if (cancelled) return false;
      }
      const inserted = await recordNotification.affected(tx, {
        order_id: message.orderId,
        kind: message.kind,
        recipient: message.recipient,
        subject: message.subject,
        body: message.body,
        event_id: ctx.eventId,
        created_at: new Date().toISOString(),
        correlation_id: ctx.correlationId,
      });
      return inserted > 0;
    });
    if (outcome.duplicate || !outcome.result) {
      this.logger.log({ msg: `${message.kind} for order ${message.orderId} already sent`, orderId: message.orderId });
      return;
    }
    this.metrics.sent.inc({ kind: message.kind });
    this.logger.log({
      msg: `notification ${message.kind} sent to ${message.recipient}: ${message.subject}`,
      orderId: message.orderId,
      kind: message.kind,
    });
  }

  list(orderId: string | undefined, limit: number, offset: number) {
    let query = this.db.selectFrom('notifications').selectAll().orderBy('id').limit(limit).offset(offset);
    if (orderId) query = query.where('order_id', '=', orderId);
    return query.execute();
  }
}
