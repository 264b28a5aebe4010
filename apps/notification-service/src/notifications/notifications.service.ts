import { Inbox, RabbitContext } from '@ecom/rabbit';
import { Injectable, Logger } from '@nestjs/common';
import type { NotificationMessage } from './notification-message';
import { NotificationsMetrics } from './notifications.metrics';
import { NotificationsStore, type Tx } from './notifications.store';

/** Records and "sends" (logs) one notification per customer-facing event. */
@Injectable()
export class NotificationsService {
  private readonly logger = new Logger(NotificationsService.name);

  constructor(
    private readonly store: NotificationsStore,
    private readonly inbox: Inbox<Tx>,
    private readonly metrics: NotificationsMetrics,
  ) {}

  async notify(message: NotificationMessage, ctx: RabbitContext): Promise<void> {
    const outcome = await this.inbox.handleOnce(ctx, async (tx) => {
      // A decline that reaches us after the order was cancelled (payment deadline passed while
      // payment-service was down) would only confuse: the customer already heard it is cancelled.
      if (message.kind === 'payment_failed' && (await this.store.hasKind(tx, message.orderId, 'order_cancelled'))) return false;
      return this.store.record(tx, {
        order_id: message.orderId,
        kind: message.kind,
        recipient: message.recipient,
        subject: message.subject,
        body: message.body,
        event_id: ctx.eventId,
        created_at: new Date().toISOString(),
        correlation_id: ctx.correlationId,
      });
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
    return this.store.list(orderId, limit, offset);
  }
}
