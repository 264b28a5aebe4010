import { randomUUID } from 'node:crypto';
import type { EventData } from '@ecom/contracts';
import { Inbox, Outbox, RabbitContext, RabbitHeader } from '@ecom/rabbit';
import { DATABASE, type Kysely, type Transaction } from '@ecom/rabbit/kysely';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { SimulatedCarrier } from '../carrier/simulated-carrier';
import type { ShippingDatabase } from '../database/shipping.tables';

type Tx = Transaction<ShippingDatabase>;
type Payment = EventData<'payment.processed.successful'>;

const shipments = new Counter({ name: 'shipments_total', help: 'Shipments by final outcome', labelNames: ['outcome'] });
const failedAttempts = new Counter({ name: 'shipping_attempts_failed_total', help: 'Carrier calls that failed (each is retried or dead-lettered)' });

/**
 * Hands each paid order to the carrier. A failed call is recorded and announced
 * (`shipping.attempt.failed`) in its own transaction, then rethrown so the transport retries it
 * through `shipping.service.retry.queue`; on the last attempt the shipment is marked failed and
 * `shipping.shipment.failed` goes out before the message lands in the final DLQ.
 */
@Injectable()
export class ShipmentsService {
  private readonly logger = new Logger(ShipmentsService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Kysely<ShippingDatabase>,
    private readonly carrier: SimulatedCarrier,
    private readonly inbox: Inbox<Tx>,
    private readonly outbox: Outbox<Tx>,
  ) {}

  async ship(payment: Payment, ctx: RabbitContext): Promise<void> {
    const failedBefore = await this.failedAttempts(payment.orderId);
    let label;
    try {
      label = await this.carrier.createShipment({ orderId: payment.orderId, customerId: payment.customerId, failedBefore });
    } catch (error) {
      await this.recordFailure(payment, ctx, error instanceof Error ? error.message : String(error));
      throw error;
    }
    const { carrier, trackingNumber } = label;
    const outcome = await this.inbox.handleOnce(ctx, async (tx) => {
      const now = new Date().toISOString();
      const shipmentId = randomUUID();
      const row = {
        shipment_id: shipmentId,
        status: 'created' as const,
        carrier,
        tracking_number: trackingNumber,
        attempts: failedBefore + 1,
        reason: null,
        updated_at: now,
      };
      await tx
        .insertInto('shipments')
        .values({ ...row, order_id: payment.orderId, customer_id: payment.customerId, correlation_id: ctx.correlationId })
        // A shipment that failed for good and was replayed from the DLQ becomes created.
        .onConflict((oc) => oc.column('order_id').doUpdateSet(row))
        .execute();
      await this.outbox.publish(tx, 'shipping.shipment.created', {
        orderId: payment.orderId,
        shipmentId,
        customerId: payment.customerId,
        customerEmail: payment.customerEmail,
        carrier,
        trackingNumber,
        attempts: failedBefore + 1,
        createdAt: now,
      });
    });
    if (outcome.duplicate) {
      this.logger.log({ msg: `order ${payment.orderId} already shipped; duplicate absorbed`, orderId: payment.orderId });
      return;
    }
    shipments.inc({ outcome: 'created' });
    this.logger.log({ msg: `shipment created for order ${payment.orderId} (${trackingNumber})`, orderId: payment.orderId });
  }

  private async recordFailure(payment: Payment, ctx: RabbitContext, reason: string): Promise<void> {
    const cycle = Number(ctx.headers[RabbitHeader.ReplayCount] ?? 0) || 0;
    const willRetry = !ctx.isLastAttempt;
    const failedAt = new Date().toISOString();
    const recorded = await this.outbox.transaction(async (tx) => {
      const inserted = await tx
        .insertInto('shipping_attempts')
        .values({ order_id: payment.orderId, cycle, attempt: ctx.attempt, reason, failed_at: failedAt })
        .onConflict((oc) => oc.columns(['order_id', 'cycle', 'attempt']).doNothing())
        .executeTakeFirst();
      // The same attempt delivered twice (a crash before the ack) is recorded once.
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
      const base = { orderId: payment.orderId, customerId: payment.customerId };
      await this.outbox.publish(tx, 'shipping.attempt.failed', { ...base, attempt: ctx.attempt, reason, willRetry, failedAt });
      if (!willRetry) {
        const row = { shipment_id: randomUUID(), status: 'failed' as const, attempts: ctx.attempt, reason, updated_at: failedAt };
        await tx
          .insertInto('shipments')
          .values({ ...row, order_id: payment.orderId, customer_id: payment.customerId, carrier: null, tracking_number: null, correlation_id: ctx.correlationId })
          .onConflict((oc) => oc.column('order_id').doUpdateSet(row))
          .execute();
        await this.outbox.publish(tx, 'shipping.shipment.failed', { ...base, customerEmail: payment.customerEmail, attempts: ctx.attempt, reason, failedAt });
      }
      return true;
    });
    if (!recorded) return;
    failedAttempts.inc();
    if (!willRetry) shipments.inc({ outcome: 'failed' });
    this.logger.warn({
      msg: `carrier failed for order ${payment.orderId} on attempt ${ctx.attempt} of ${ctx.maxAttempts}${willRetry ? '; will retry' : '; giving up'}`,
      orderId: payment.orderId,
      reason,
    });
  }

  private async failedAttempts(orderId: string): Promise<number> {
    const row = await this.db
      .selectFrom('shipping_attempts')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async findByOrder(orderId: string) {
    const shipment = await this.db.selectFrom('shipments').selectAll().where('order_id', '=', orderId).executeTakeFirst();
    if (!shipment) return undefined;
    const attempts = await this.db
      .selectFrom('shipping_attempts')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('cycle')
      .orderBy('attempt')
      .execute();
    return { ...shipment, failedAttempts: attempts };
  }

  list(limit: number) {
    return this.db.selectFrom('shipments').selectAll().orderBy('updated_at', 'desc').limit(limit).execute();
  }
}
