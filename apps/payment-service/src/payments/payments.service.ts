// Time-ordered ids: a row keyed by one goes to the end of its index, not to a random page.
import { v7 as uuidv7 } from 'uuid';
import type { CancelReason, EventData } from '@ecom/contracts';
import { Inbox, Outbox, RabbitContext } from '@ecom/rabbit';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { PaymentsTable } from '../database/payment.tables';
import { SimulatedGateway } from '../gateway/simulated-gateway';
import { decidePayment } from './payment-decision';
import { PaymentsMetrics } from './payments.metrics';
import { PAYMENTS_OPTIONS, type PaymentsOptions } from './payments.options';
import { PaymentsStore, type Tx } from './payments.store';

/**
 * Charges each order once through the gateway (idempotency key: the order id) and publishes the
 * outcome; pays back the charge of a cancelled order. An order cancelled before it was charged
 * leaves a `voided` row, so its order.created, arriving later, charges nothing.
 */
@Injectable()
export class PaymentsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly store: PaymentsStore,
    @Inject(PAYMENTS_OPTIONS) private readonly options: PaymentsOptions,
    private readonly gateway: SimulatedGateway,
    private readonly inbox: Inbox<Tx>,
    private readonly outbox: Outbox<Tx>,
    private readonly metrics: PaymentsMetrics,
  ) {}

  /** A refund decided before a crash and not yet made is made at start. */
  async onApplicationBootstrap(): Promise<void> {
    for (const orderId of await this.store.refundsDue()) await this.refund(orderId);
  }

  async processOrder(order: EventData<'order.created'>, ctx: RabbitContext): Promise<void> {
    const before = await this.findByOrder(order.orderId);
    const decision = decidePayment(order, this.options.declineAbove);
    // The gateway call comes first, outside the transaction (it is another system); its key makes
    // a second call after a redelivery or a crash a no-op. An order already settled is not charged.
    if (!before && decision.approved) await this.gateway.charge(order.orderId, order.totalAmount, order.currency);
    // A delivery that charged and then died before its commit, redelivered after the cancellation
    // voided the order here: the gateway holds money nothing here knows of, and it goes back.
    const chargedBeforeVoid = before?.status === 'voided' && decision.approved && (await this.gateway.chargeOf(order.orderId)) !== undefined;
    const outcome = await this.inbox.handleOnce(ctx, async (tx) => {
      const row = (await this.store.lock(tx, order.orderId)) ?? (await this.insertPayment(tx, order, decision, ctx));
      if (row === 'inserted') return decision.approved ? ('succeeded' as const) : ('declined' as const);
      if (row.status === 'voided' && decision.approved && (!before || chargedBeforeVoid)) {
        // Cancelled while the charge was under way (or before its redelivery): the money goes back.
        await this.store.markRefundDue(tx, order.orderId, { amount: order.totalAmount });
        return 'refund_due' as const;
      }
      return row.status === 'refund_due' ? ('refund_due' as const) : ('settled' as const);
    });
    if (outcome.duplicate) {
      this.logger.log({ msg: `order ${order.orderId} already charged; duplicate delivery absorbed`, orderId: order.orderId });
      return;
    }
    if (outcome.result === 'refund_due') await this.refund(order.orderId);
    if (outcome.result === 'succeeded' || outcome.result === 'declined') this.metrics.payments.inc({ outcome: outcome.result });
    this.logger.log({ msg: `payment for order ${order.orderId}: ${outcome.result}`, orderId: order.orderId });
  }

  /**
   * Records the outcome and publishes it, or returns the row a concurrent handler (another instance:
   * a cancellation, a duplicate) committed first: the insert waits for it and then does nothing.
   */
  private async insertPayment(
    tx: Tx,
    order: EventData<'order.created'>,
    decision: ReturnType<typeof decidePayment>,
    ctx: RabbitContext,
  ): Promise<PaymentsTable | 'inserted'> {
    const payment = {
      orderId: order.orderId,
      paymentId: uuidv7(),
      customerId: order.customerId,
      customerEmail: order.customerEmail,
      amount: order.totalAmount,
      currency: order.currency,
      processedAt: new Date().toISOString(),
    };
    const inserted = await this.store.insert(tx, {
      order_id: payment.orderId,
      payment_id: payment.paymentId,
      customer_id: payment.customerId,
      amount: payment.amount,
      currency: payment.currency,
      status: decision.approved ? 'succeeded' : 'declined',
      reason: decision.approved ? null : decision.reason,
      processed_at: payment.processedAt,
      correlation_id: ctx.correlationId,
      cancel_reason: null,
    });
    if (!inserted) return this.lockExisting(tx, order.orderId);
    if (decision.approved) await this.outbox.publish(tx, 'payment.processed.successful', { ...payment, items: order.items });
    else await this.outbox.publish(tx, 'payment.processed.failed', { ...payment, reason: decision.reason });
    return 'inserted';
  }

  /** order.cancelled: pay back a charge, or void the order so a late order.created charges nothing. */
  async cancelOrder(order: EventData<'order.cancelled'>, ctx: RabbitContext): Promise<void> {
    const outcome = await this.inbox.handleOnce(ctx, async (tx) => {
      let row = await this.store.lock(tx, order.orderId);
      if (!row) {
        const voided = await this.store.insert(tx, {
          order_id: order.orderId,
          payment_id: uuidv7(),
          customer_id: order.customerId,
          amount: order.totalAmount,
          currency: order.currency,
          status: 'voided',
          reason: `cancelled before payment: ${order.reason}`,
          processed_at: new Date().toISOString(),
          correlation_id: ctx.correlationId,
          cancel_reason: order.reason,
        });
        if (voided) return 'voided' as const;
        // A concurrent charge (another instance) committed first: then it is refunded.
        row = await this.lockExisting(tx, order.orderId);
      }
      if (row.status !== 'succeeded' && row.status !== 'refund_due') return 'nothing' as const;
      await this.store.markRefundDue(tx, order.orderId, { cancel_reason: order.reason });
      return 'refund_due' as const;
    });
    if (outcome.duplicate) return;
    if (outcome.result === 'refund_due') await this.refund(order.orderId);
    this.logger.log({ msg: `order ${order.orderId} cancelled (${order.reason}): payment ${outcome.result}`, orderId: order.orderId });
  }

  /** Refund through the gateway (idempotent), then record it and announce `payment.refunded`, once. */
  private async refund(orderId: string): Promise<void> {
    await this.gateway.refund(orderId);
    const refunded = await this.outbox.transaction(async (tx) => {
      const row = await this.store.lock(tx, orderId);
      if (row?.status !== 'refund_due') return false;
      const refundedAt = new Date().toISOString();
      await this.store.markRefunded(tx, orderId, refundedAt);
      await this.outbox.publish(tx, 'payment.refunded', {
        orderId,
        paymentId: row.payment_id,
        customerId: row.customer_id,
        amount: row.amount,
        currency: row.currency,
        reason: (row.cancel_reason ?? 'operator') as CancelReason,
        refundedAt,
      });
      return true;
    });
    if (refunded) this.metrics.payments.inc({ outcome: 'refunded' });
  }

  private async lockExisting(tx: Tx, orderId: string): Promise<PaymentsTable> {
    const row = await this.store.lock(tx, orderId);
    if (!row) throw new Error(`payment row of order ${orderId} vanished`);
    return row;
  }

  findByOrder(orderId: string): Promise<PaymentsTable | undefined> {
    return this.store.find(orderId);
  }

  list(limit: number, offset: number): Promise<PaymentsTable[]> {
    return this.store.list(limit, offset);
  }
}
