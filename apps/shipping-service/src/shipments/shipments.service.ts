// Time-ordered ids: a row keyed by one goes to the end of its index, not to a random page.
import { v7 as uuidv7 } from 'uuid';
import type { EventData } from '@ecom/contracts';
import { Inbox, Outbox, RabbitContext } from '@ecom/rabbit';
import { Injectable, Logger } from '@nestjs/common';
import { SimulatedCarrier } from '../carrier/simulated-carrier';
import { ShipmentsMetrics } from './shipments.metrics';
import { ShipmentsStore, type Tx } from './shipments.store';

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
    private readonly store: ShipmentsStore,
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
    const failedBefore = await this.store.countFailedAttempts(order.orderId);
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
      const recorded = await this.store.markCreated(tx, { orderId: order.orderId, shipmentId, carrier, trackingNumber, attempts: failedBefore + 1, at: now });
      // Another delivery of the same message completed first (same label): announce once.
      if (!recorded) return false;
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
      let row = await this.store.lock(tx, request.orderId);
      if (!row) {
        // Confirmed but not seen here yet: a later order.confirmed finds it cancelled.
        const inserted = await this.store.insert(tx, { orderId: request.orderId, status: 'cancelled', customerId: '-', correlationId: ctx.correlationId, reason: request.reason });
        if (inserted) {
          await this.outbox.publish(tx, 'shipping.shipment.cancelled', { orderId: request.orderId, cancelledAt: now });
          return 'cancelled';
        }
        // order.confirmed claimed it on another instance meanwhile: decide on its row.
        row = await this.store.lock(tx, request.orderId);
      }
      if (row?.status === 'waiting' || row?.status === 'failed') {
        await this.store.markCancelled(tx, request.orderId, request.reason, now);
        await this.outbox.publish(tx, 'shipping.shipment.cancelled', { orderId: request.orderId, cancelledAt: now });
        return 'cancelled';
      }
      if (row?.status === 'dispatching') {
        await this.store.requestCancel(tx, request.orderId);
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
      let row = await this.store.lock(tx, order.orderId);
      if (!row) {
        const claimed = await this.store.insert(tx, { orderId: order.orderId, status: 'dispatching', customerId: order.customerId, correlationId: ctx.correlationId, reason: null });
        if (claimed) return 'claimed';
        // A cancellation (another instance) inserted it first.
        row = await this.store.lock(tx, order.orderId);
      }
      if (row?.status === 'created' || row?.status === 'cancelled') return row.status;
      await this.store.redispatch(tx, order.orderId);
      return 'claimed';
    });
  }

  private async recordFailure(order: Order, ctx: RabbitContext, reason: string): Promise<'cancelled' | 'retry' | 'failed' | 'duplicate'> {
    const cycle = ctx.replayCount;
    const willRetry = !ctx.isLastAttempt;
    const failedAt = new Date().toISOString();
    const base = { orderId: order.orderId, customerId: order.customerId };
    const result = await this.outbox.transaction(async (tx) => {
      const row = await this.store.lock(tx, order.orderId);
      if (row?.cancel_requested) {
        // A cancellation arrived during this call: the call failed, so the cancel wins now.
        await this.store.markCancelled(tx, order.orderId, 'cancelled', failedAt);
        await this.outbox.publish(tx, 'shipping.shipment.cancelled', { orderId: order.orderId, cancelledAt: failedAt });
        return 'cancelled' as const;
      }
      const recorded = await this.store.recordFailedAttempt(tx, { order_id: order.orderId, cycle, attempt: ctx.attempt, reason, failed_at: failedAt });
      // Out of `dispatching` whatever happens next, or a cancellation would wait for a call that is over.
      await this.store.markCallFailed(tx, order.orderId, { status: willRetry ? 'waiting' : 'failed', attempts: ctx.attempt, reason, at: failedAt });
      // The same attempt delivered twice (a connection lost before the ack) is announced once.
      if (!recorded) return 'duplicate' as const;
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

  async findByOrder(orderId: string) {
    const shipment = await this.store.find(orderId);
    if (!shipment) return undefined;
    return { ...shipment, failedAttempts: await this.store.failedAttempts(orderId) };
  }

  list(limit: number, offset: number) {
    return this.store.list(limit, offset);
  }
}
