import { randomUUID } from 'node:crypto';
import type { EventData } from '@ecom/contracts';
import { Inbox, Outbox, RabbitContext } from '@ecom/rabbit';
import { DATABASE, type Kysely, type Transaction } from '@ecom/rabbit/kysely';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import type { PaymentDatabase, PaymentsTable } from '../database/payment.tables';
import { decidePayment } from './payment-decision';
import { PAYMENTS_OPTIONS, type PaymentsOptions } from './payments.options';

const payments = new Counter({ name: 'payments_total', help: 'Payments processed, by outcome', labelNames: ['outcome'] });

/** Charges each order once and publishes the outcome. */
@Injectable()
export class PaymentsService {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Kysely<PaymentDatabase>,
    @Inject(PAYMENTS_OPTIONS) private readonly options: PaymentsOptions,
    private readonly inbox: Inbox<Transaction<PaymentDatabase>>,
    private readonly outbox: Outbox<Transaction<PaymentDatabase>>,
  ) {}

  async processOrder(order: EventData<'order.created'>, ctx: RabbitContext): Promise<void> {
    const outcome = await this.inbox.handleOnce(ctx, async (tx) => {
      const decision = decidePayment(order, this.options.declineAbove);
      const payment = {
        orderId: order.orderId,
        paymentId: randomUUID(),
        customerId: order.customerId,
        customerEmail: order.customerEmail,
        amount: order.totalAmount,
        currency: order.currency,
        processedAt: new Date().toISOString(),
      };
      await tx
        .insertInto('payments')
        .values({
          order_id: payment.orderId,
          payment_id: payment.paymentId,
          customer_id: payment.customerId,
          amount: payment.amount,
          currency: payment.currency,
          status: decision.approved ? 'succeeded' : 'declined',
          reason: decision.approved ? null : decision.reason,
          processed_at: payment.processedAt,
          correlation_id: ctx.correlationId,
        })
        .execute();
      if (decision.approved) {
        await this.outbox.publish(tx, 'payment.processed.successful', { ...payment, items: order.items });
      } else {
        await this.outbox.publish(tx, 'payment.processed.failed', { ...payment, reason: decision.reason });
      }
      return decision;
    });
    if (outcome.duplicate) {
      this.logger.log({ msg: `order ${order.orderId} already charged; duplicate delivery absorbed`, orderId: order.orderId });
      return;
    }
    payments.inc({ outcome: outcome.result.approved ? 'succeeded' : 'declined' });
    this.logger.log({
      msg: `payment for order ${order.orderId} ${outcome.result.approved ? 'succeeded' : 'declined'}`,
      orderId: order.orderId,
    });
  }

  async findByOrder(orderId: string): Promise<PaymentsTable | undefined> {
    return this.db.selectFrom('payments').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  }

  async list(limit: number): Promise<PaymentsTable[]> {
    return this.db.selectFrom('payments').selectAll().orderBy('processed_at', 'desc').limit(limit).execute();
  }
}
