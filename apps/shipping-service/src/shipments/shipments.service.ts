// Time-ordered ids: a row keyed by one goes to the end of its index, not to a random page.
import { v7 as uuidv7 } from 'uuid';
import type { EventData } from '@ecom/contracts';
import { Inbox, Outbox, RabbitContext } from '@ecom/rabbit';
import { DATABASE } from '@ecom/service-kit';
import type { Kysely, Transaction } from 'kysely';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SimulatedCarrier } from '../carrier/simulated-carrier';
import type { ShipmentsTable, ShippingDatabase } from '../database/shipping.tables';
import { ShipmentsMetrics } from './shipments.metrics';
import { countFailedAttempts, insertShipment, lockShipment, markCreated, redispatch } from './shipments.queries';

type Tx = Transaction<ShippingDatabase>;
type Order = EventData<'order.confirmed'>;

/**
 * Hands each confirmed order to the carrier, once. The decision to call is recorded first
 * (`dispatching`, under the row lock) and a cancellation is decided under the same lock, so a
 * cancel and a carrier call never both win: a cancel before the claim cancels, a cancel during the
 * call waits for its outcome (shipped, or cancelled instead of retried). A failed call is
 * announced (`shipping.attempt.failed`) and rethrown so the transport retries it through
 * `shipping.service.retry.queue`; the last one marks the shipment failed (held in the final DLQ).
 */
@Injectable()
export class ShipmentsService {
  private readonly logger = new Logger(ShipmentsService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Kysely<ShippingDatabase>,
    private readonly carrier: SimulatedCarrier,
    private readonly inbox: Inbox<Tx>,
    private readonly outbox: Outbox<Tx>,
    private readonly metrics: ShipmentsMetrics,
  ) {}

  async ship(order: Order, ctx: RabbitContext): Promise<void> {
    const claim = await this.claim(order, ctx);
    if (claim !== 'claimed') {
      await this.inbox.handleOnce(ctx, async () => undefined);
      this.logger.log({ msg: `order ${order.orderId} is ${claim}; carrier not called`, orderId: order.orderId });
      return;
    }
    const failedBefore = await this.failedAttempts(order.orderId);
    let label;
    try {
      label = await this.carrier.createShipment({ orderId: order.orderId, customerId: order.customerId, failedBefore });
    } catch (error) {
      const after = await this.recordFailure(order, ctx, error instanceof Error ? error.message : String(error));
      if (after === 'cancelled') return;
      throw error;
    }
    const { carrier, trackingNumber } = label;
    const outcome = await this.inbox.handleOnce(ctx, async (tx) => {
      const now = new Date().toISOString();
      const shipmentId = uuidv7();
      const updated = await markCreated.affected(tx, {
        order_id: order.orderId,
        shipment_id: shipmentId,
        carrier,
        tracking_number: trackingNumber,
        attempts: failedBefore + 1,
        updated_at: now,
      });
      // Another delivery of the same message completed first (same label): announce once.
      if (updated === 0) return false;
      await this.outbox.publish(tx, 'shipping.shipment.created', {
        orderId: order.orderId,
        shipmentId,
        customerId: order.customerId,
        customerEmail: order.customerEmail,
        carrier,
        trackingNumber,
        attempts: failedBefore + 1,
        createdAt: now,
      });
      return true;
    });
    if (outcome.duplicate || !outcome.result) return;
    this.metrics.shipments.inc({ outcome: 'created' });
    this.logger.log({ msg: `shipment created for order ${order.orderId} (${trackingNumber})`, orderId: order.orderId });
  }

  /** order.cancellation.requested: cancel now, or let the call under way answer. */
  async cancel(request: EventData<'order.cancellation.requested'>, ctx: RabbitContext): Promise<void> {
    const outcome = await this.inbox.handleOnce(ctx, async (tx) => {
      const now = new Date().toISOString();
      let row = await this.lock(tx, request.orderId);
      if (!row) {
        // Confirmed but not seen here yet: a later order.confirmed finds it cancelled.
        const inserted = await this.insertShipment(tx, request.orderId, 'cancelled', '-', ctx.correlationId, request.reason);
        if (inserted) {
          await this.outbox.publish(tx, 'shipping.shipment.cancelled', { orderId: request.orderId, cancelledAt: now });
          return 'cancelled';
        }
        // order.confirmed claimed it on another instance meanwhile: decide on its row.
        row = await this.lock(tx, request.orderId);
      }
      if (row?.status === 'waiting' || row?.status === 'failed') {
        await tx.updateTable('shipments').set({ status: 'cancelled', cancel_requested: 1, reason: request.reason, updated_at: now }).where('order_id', '=', request.orderId).execute();
        await this.outbox.publish(tx, 'shipping.shipment.cancelled', { orderId: request.orderId, cancelledAt: now });
        return 'cancelled';
      }
      if (row?.status === 'dispatching') {
        await tx.updateTable('shipments').set({ cancel_requested: 1 }).where('order_id', '=', request.orderId).execute();
        return 'deferred';
      }
      return row?.status ?? 'unknown'; // created (the carrier won) or cancelled already
    });
    if (outcome.duplicate) return;
    if (outcome.result === 'cancelled') this.metrics.shipments.inc({ outcome: 'cancelled' });
    this.logger.log({ msg: `cancellation of order ${request.orderId}: ${outcome.result}`, orderId: request.orderId });
  }

  /** Records the decision to call the carrier, unless the order already shipped or was cancelled. */
  private async claim(order: Order, ctx: RabbitContext): Promise<'claimed' | 'created' | 'cancelled'> {
    return this.outbox.transaction(async (tx) => {
      let row = await this.lock(tx, order.orderId);
      if (!row) {
        if (await this.insertShipment(tx, order.orderId, 'dispatching', order.customerId, ctx.correlationId, null)) return 'claimed';
        // A cancellation (another instance) inserted it first.
        row = await this.lock(tx, order.orderId);
      }
      if (row?.status === 'created' || row?.status === 'cancelled') return row.status;
      await redispatch.execute(tx, { orderId: order.orderId, updatedAt: new Date().toISOString() });
      return 'claimed';
    });
  }

  /** The order's one shipment row; false when another transaction inserted it first (this insert waits for it). */
  private async insertShipment(
    tx: Tx,
    orderId: string,
    status: 'dispatching' | 'cancelled',
    customerId: string,
    correlationId: string,
    reason: string | null,
  ): Promise<boolean> {
    const inserted = await insertShipment.affected(tx, {
      order_id: orderId,
      shipment_id: uuidv7(),
      status,
      reason,
      // '-' for a cancellation that arrived first: the customer is not known yet and never needed.
      customer_id: customerId,
      updated_at: new Date().toISOString(),
      correlation_id: correlationId,
      cancel_requested: status === 'cancelled' ? 1 : 0,
    });
    return inserted > 0;
  }

  private async recordFailure(order: Order, ctx: RabbitContext, reason: string): Promise<'cancelled' | 'retry' | 'failed' | 'duplicate'> {
    const cycle = ctx.replayCount;
    const willRetry = !ctx.isLastAttempt;
    const failedAt = new Date().toISOString();
    const base = { orderId: order.orderId, customerId: order.customerId };
    const result = await this.outbox.transaction(async (tx) => {
      const row = await this.lock(tx, order.orderId);
      if (row?.cancel_requested) {
        // A cancellation arrived during this call: the call failed, so the cancel wins now.
        await tx.updateTable('shipments').set({ status: 'cancelled', reason: 'cancelled', updated_at: failedAt }).where('order_id', '=', order.orderId).execute();
        await this.outbox.publish(tx, 'shipping.shipment.cancelled', { orderId: order.orderId, cancelledAt: failedAt });
        return 'cancelled' as const;
      }
      const inserted = await tx
        .insertInto('shipping_attempts')
        .values({ order_id: order.orderId, cycle, attempt: ctx.attempt, reason, failed_at: failedAt })
        .onConflict((oc) => oc.columns(['order_id', 'cycle', 'attempt']).doNothing())
        .executeTakeFirst();
      // Out of `dispatching` whatever happens next, or a cancellation would wait for a call that is over.
      const status = willRetry ? 'waiting' : 'failed';
      await tx.updateTable('shipments').set({ status, attempts: ctx.attempt, reason, updated_at: failedAt }).where('order_id', '=', order.orderId).execute();
      // The same attempt delivered twice (a connection lost before the ack) is announced once.
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return 'duplicate' as const;
      await this.outbox.publish(tx, 'shipping.attempt.failed', { ...base, attempt: ctx.attempt, reason, willRetry, failedAt });
      if (!willRetry) {
        await this.outbox.publish(tx, 'shipping.shipment.failed', { ...base, customerEmail: order.customerEmail, attempts: ctx.attempt, reason, failedAt });
      }
      return willRetry ? ('retry' as const) : ('failed' as const);
    });
    if (result === 'cancelled') this.metrics.shipments.inc({ outcome: 'cancelled' });
    if (result === 'retry' || result === 'failed') this.metrics.failedAttempts.inc();
    if (result === 'failed') this.metrics.shipments.inc({ outcome: 'failed' });
    this.logger.warn({
      msg: `carrier failed for order ${order.orderId} on attempt ${ctx.attempt} of ${ctx.maxAttempts}: ${result}`,
      orderId: order.orderId,
      reason,
    });
    return result;
  }

  private lock(tx: Tx, orderId: string): Promise<ShipmentsTable | undefined> {
    return lockShipment.first(tx, { orderId });
  }

  private async failedAttempts(orderId: string): Promise<number> {
    const row = await countFailedAttempts.first(this.db, { orderId });
    return Number(row?.count ?? 0);
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

  list(limit: number, offset: number) {
    return this.db.selectFrom('shipments').selectAll().orderBy('order_id').limit(limit).offset(offset).execute();
  }
}
