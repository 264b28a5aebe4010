// Time-ordered ids: a row keyed by one goes to the end of its index, not to a random page.
import { v7 as uuidv7 } from 'uuid';
import type { EventData } from '@ecom/contracts';
import { Inbox, Outbox, RabbitContext } from '@ecom/rabbit';
import { Injectable, Logger } from '@nestjs/common';
import type { StockTable } from '../database/inventory.tables';
import { findShortages, mergeLines } from './stock-shortage';
import { StockMetrics } from './stock.metrics';
import { StockStore, type Tx } from './stock.store';

/** Reserves the stock of each paid order once, all lines or none. */
@Injectable()
export class StockService {
  private readonly logger = new Logger(StockService.name);

  constructor(
    private readonly store: StockStore,
    private readonly inbox: Inbox<Tx>,
    private readonly outbox: Outbox<Tx>,
    private readonly metrics: StockMetrics,
  ) {}

  async reserveForPayment(payment: EventData<'payment.processed.successful'>, ctx: RabbitContext): Promise<void> {
    const outcome = await this.inbox.handleOnce(ctx, (tx) => this.reserve(tx, payment, ctx.correlationId));
    if (outcome.duplicate) {
      this.logger.log({ msg: `order ${payment.orderId} already handled; duplicate absorbed`, orderId: payment.orderId });
      return;
    }
    this.metrics.reservations.inc({ outcome: outcome.result });
    this.logger.log({ msg: `stock ${outcome.result} for order ${payment.orderId}`, orderId: payment.orderId });
  }

  /** order.cancelled: put a reservation back, or mark the order so a late payment reserves nothing. */
  async releaseForCancel(order: EventData<'order.cancelled'>, ctx: RabbitContext): Promise<void> {
    const outcome = await this.inbox.handleOnce(ctx, async (tx) => {
      let row = await this.store.lockReservation(tx, order.orderId);
      const now = new Date().toISOString();
      if (!row) {
        const marked = await this.store.recordReservation(tx, { orderId: order.orderId, reservationId: uuidv7(), status: 'cancelled', items: [], at: now, correlationId: ctx.correlationId });
        if (marked) return 'cancelled';
        // A reservation (another instance) committed first: release it.
        row = await this.store.lockReservation(tx, order.orderId);
      }
      if (row?.status !== 'reserved') return 'nothing';
      const lines = JSON.parse(row.items) as { productId: string; quantity: number }[];
      for (const line of byProduct(lines)) await this.store.moveToReserved(tx, line.productId, -line.quantity);
      await this.store.markReleased(tx, order.orderId, now);
      await this.outbox.publish(tx, 'inventory.stock.released', { orderId: order.orderId, reservationId: row.reservation_id, items: lines, releasedAt: now });
      return 'released';
    });
    if (outcome.duplicate) return;
    if (outcome.result === 'released') this.metrics.reservations.inc({ outcome: 'released' });
    this.logger.log({ msg: `order ${order.orderId} cancelled (${order.reason}): stock ${outcome.result}`, orderId: order.orderId });
  }

  private async reserve(
    tx: Tx,
    payment: EventData<'payment.processed.successful'>,
    correlationId: string,
  ): Promise<'reserved' | 'insufficient' | 'cancelled' | 'settled'> {
    // One outcome per order: an order cancelled before its payment arrived reserves nothing, and
    // one already decided is not decided again.
    const now = new Date().toISOString();
    const reservationId = uuidv7();
    // Claim the order's one outcome row first (updated below): a concurrent cancellation or
    // duplicate on another instance waits for this transaction, or this one for it.
    const claimed = await this.store.recordReservation(tx, { orderId: payment.orderId, reservationId, status: 'insufficient', items: [], at: now, correlationId });
    if (!claimed) {
      const existing = await this.store.lockReservation(tx, payment.orderId);
      return existing?.status === 'cancelled' ? 'cancelled' : 'settled';
    }
    // Shelves are locked (PostgreSQL) one product at a time, always in the same order, so two
    // orders sharing products cannot deadlock.
    const lines = byProduct(mergeLines(payment.items));
    const shelf = new Map<string, number>();
    for (const line of lines) {
      const available = await this.store.lockShelf(tx, line.productId);
      if (available !== undefined) shelf.set(line.productId, available);
    }
    const shortages = findShortages(lines, shelf);
    if (shortages.length > 0) {
      await this.store.decide(tx, payment.orderId, 'insufficient', shortages);
      await this.outbox.publish(tx, 'inventory.stock.insufficient', { orderId: payment.orderId, items: shortages, reportedAt: now });
      return 'insufficient';
    }
    for (const line of lines) await this.store.moveToReserved(tx, line.productId, line.quantity);
    await this.store.decide(tx, payment.orderId, 'reserved', lines);
    await this.outbox.publish(tx, 'inventory.stock.reserved', { orderId: payment.orderId, reservationId, items: lines, reservedAt: now });
    return 'reserved';
  }

  listStock(): Promise<StockTable[]> {
    return this.store.listStock();
  }

  findStock(productId: string): Promise<StockTable | undefined> {
    return this.store.findStock(productId);
  }

  async reservationsFor(orderId: string | undefined, limit: number, offset: number) {
    const rows = await this.store.reservations(orderId, limit, offset);
    return rows.map((row) => ({ ...row, items: JSON.parse(row.items) as unknown }));
  }
}
/** Lines in product order: the order every transaction locks and changes shelves in. */
function byProduct<T extends { productId: string }>(lines: readonly T[]): T[] {
  return [...lines].sort((a, b) => a.productId.localeCompare(b.productId));
}
