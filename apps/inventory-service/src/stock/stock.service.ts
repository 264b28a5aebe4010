// Time-ordered ids: a row keyed by one goes to the end of its index, not to a random page.
import { v7 as uuidv7 } from 'uuid';
import type { EventData } from '@ecom/contracts';
import { Inbox, Outbox, RabbitContext } from '@ecom/rabbit';
import { DATABASE } from '@ecom/service-kit';
import type { Kysely, Transaction } from 'kysely';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { InventoryDatabase, ReservationsTable, StockTable } from '../database/inventory.tables';
import { decideReservation, insertReservation, lockReservation, lockShelf, moveToReserved } from './stock.queries';
import { findShortages, mergeLines } from './stock-shortage';
import { StockMetrics } from './stock.metrics';

/** Reserves the stock of each paid order once, all lines or none. */
@Injectable()
export class StockService {
  private readonly logger = new Logger(StockService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Kysely<InventoryDatabase>,
    private readonly inbox: Inbox<Transaction<InventoryDatabase>>,
    private readonly outbox: Outbox<Transaction<InventoryDatabase>>,
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
      let row = await this.lockReservation(tx, order.orderId);
      const now = new Date().toISOString();
      if (!row) {
        if (await this.record(tx, order.orderId, uuidv7(), 'cancelled', [], now, ctx.correlationId)) return 'cancelled';
        // A reservation (another instance) committed first: release it.
        row = await this.lockReservation(tx, order.orderId);
      }
      if (row?.status !== 'reserved') return 'nothing';
      const lines = JSON.parse(row.items) as { productId: string; quantity: number }[];
      for (const line of byProduct(lines)) await moveToReserved.execute(tx, { productId: line.productId, quantity: -line.quantity });
      await tx.updateTable('reservations').set({ status: 'released', released_at: now }).where('order_id', '=', order.orderId).execute();
      await this.outbox.publish(tx, 'inventory.stock.released', { orderId: order.orderId, reservationId: row.reservation_id, items: lines, releasedAt: now });
      return 'released';
    });
    if (outcome.duplicate) return;
    if (outcome.result === 'released') this.metrics.reservations.inc({ outcome: 'released' });
    this.logger.log({ msg: `order ${order.orderId} cancelled (${order.reason}): stock ${outcome.result}`, orderId: order.orderId });
  }

  private lockReservation(tx: Transaction<InventoryDatabase>, orderId: string) {
    return lockReservation.first(tx, { orderId });
  }

  private async reserve(
    tx: Transaction<InventoryDatabase>,
    payment: EventData<'payment.processed.successful'>,
    correlationId: string,
  ): Promise<'reserved' | 'insufficient' | 'cancelled' | 'settled'> {
    // One outcome per order: an order cancelled before its payment arrived reserves nothing, and
    // one already decided is not decided again.
    const now = new Date().toISOString();
    const reservationId = uuidv7();
    // Claim the order's one outcome row first (updated below): a concurrent cancellation or
    // duplicate on another instance waits for this transaction, or this one for it.
    if (!(await this.record(tx, payment.orderId, reservationId, 'insufficient', [], now, correlationId))) {
      const existing = await this.lockReservation(tx, payment.orderId);
      return existing?.status === 'cancelled' ? 'cancelled' : 'settled';
    }
    // Shelves are locked (PostgreSQL) one product at a time, always in the same order, so two
    // orders sharing products cannot deadlock.
    const lines = byProduct(mergeLines(payment.items));
    const shelf = new Map<string, number>();
    for (const line of lines) {
      const row = await lockShelf.first(tx, { productId: line.productId });
      if (row) shelf.set(row.product_id, row.available);
    }
    const shortages = findShortages(lines, shelf);
    if (shortages.length > 0) {
      await this.decide(tx, payment.orderId, 'insufficient', shortages);
      await this.outbox.publish(tx, 'inventory.stock.insufficient', { orderId: payment.orderId, items: shortages, reportedAt: now });
      return 'insufficient';
    }
    for (const line of lines) await moveToReserved.execute(tx, { productId: line.productId, quantity: line.quantity });
    await this.decide(tx, payment.orderId, 'reserved', lines);
    await this.outbox.publish(tx, 'inventory.stock.reserved', { orderId: payment.orderId, reservationId, items: lines, reservedAt: now });
    return 'reserved';
  }

  private async record(
    tx: Transaction<InventoryDatabase>,
    orderId: string,
    reservationId: string,
    status: ReservationsTable['status'],
    items: unknown,
    at: string,
    correlationId: string,
  ): Promise<boolean> {
    // One row per order: whoever inserts second waits for the first to commit, then inserts nothing.
    const inserted = await insertReservation.affected(tx, {
      order_id: orderId,
      reservation_id: reservationId,
      status,
      items: JSON.stringify(items),
      created_at: at,
      correlation_id: correlationId,
    });
    return inserted > 0;
  }

  /** The outcome of the row this transaction claimed. */
  private async decide(tx: Transaction<InventoryDatabase>, orderId: string, status: 'reserved' | 'insufficient', items: unknown): Promise<void> {
    await decideReservation.execute(tx, { order_id: orderId, status, items: JSON.stringify(items) });
  }

  listStock(): Promise<StockTable[]> {
    return this.db.selectFrom('stock').selectAll().orderBy('product_id').execute();
  }

  findStock(productId: string): Promise<StockTable | undefined> {
    return this.db.selectFrom('stock').selectAll().where('product_id', '=', productId).executeTakeFirst();
  }

  async reservationsFor(orderId: string | undefined, limit: number, offset: number) {
    let query = this.db.selectFrom('reservations').selectAll().orderBy('created_at').orderBy('order_id').limit(limit).offset(offset);
    if (orderId) query = query.where('order_id', '=', orderId);
    const rows = await query.execute();
    return rows.map((row) => ({ ...row, items: JSON.parse(row.items) as unknown }));
  }
}

/** Lines in product order: the order every transaction locks and changes shelves in. */
function byProduct<T extends { productId: string }>(lines: readonly T[]): T[] {
  return [...lines].sort((a, b) => a.productId.localeCompare(b.productId));
}
