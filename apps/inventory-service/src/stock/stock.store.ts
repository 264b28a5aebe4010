import { dialectOf, prepareQuery } from '@ecom/rabbit/kysely';
import { DATABASE } from '@ecom/service-kit';
import type { Kysely, Transaction } from 'kysely';
import { Inject, Injectable } from '@nestjs/common';
import type { InventoryDatabase, ReservationsTable, StockTable } from '../database/inventory.tables';

export type Tx = Transaction<InventoryDatabase>;

// The statements a reservation runs, compiled once (see prepareQuery): every payment runs them.

/** The order's one outcome row; changes nothing when another handler committed it first. */
const insertReservation = prepareQuery<InventoryDatabase, Omit<ReservationsTable, 'released_at'>>()((db, param) =>
  db
    .insertInto('reservations')
    .values({
      order_id: param('order_id'),
      reservation_id: param('reservation_id'),
      status: param('status'),
      items: param('items'),
      created_at: param('created_at'),
      correlation_id: param('correlation_id'),
      released_at: null,
    })
    .onConflict((oc) => oc.column('order_id').doNothing()),
);

/** PostgreSQL: `FOR UPDATE`; SQLite's write transaction (BEGIN IMMEDIATE) already serialises handlers. */
const lockReservation = prepareQuery<InventoryDatabase, { orderId: string }>()((db, param) => {
  const query = db.selectFrom('reservations').selectAll().where('order_id', '=', param('orderId'));
  return dialectOf(db) === 'postgres' ? query.forUpdate() : query;
});

const decideReservation = prepareQuery<InventoryDatabase, Pick<ReservationsTable, 'order_id' | 'status' | 'items'>>()((db, param) =>
  db.updateTable('reservations').set({ status: param('status'), items: param('items') }).where('order_id', '=', param('order_id')),
);

/** A product's shelf, locked on PostgreSQL so two orders cannot both take the last units. */
const lockShelf = prepareQuery<InventoryDatabase, { productId: string }>()((db, param) => {
  const query = db.selectFrom('stock').select(['product_id', 'available']).where('product_id', '=', param('productId'));
  return dialectOf(db) === 'postgres' ? query.forUpdate() : query;
});

/** Moves `quantity` from available to reserved (a negative one moves it back). */
const moveToReserved = prepareQuery<InventoryDatabase, { productId: string; quantity: number }>()((db, param) =>
  db
    .updateTable('stock')
    .set((eb) => ({ available: eb('available', '-', param('quantity')), reserved: eb('reserved', '+', param('quantity')) }))
    .where('product_id', '=', param('productId')),
);

/** The SQL of stock: shelves, and one reservation row an order. Writes take the caller's transaction; the decisions are the service's. */
@Injectable()
export class StockStore {
  constructor(@Inject(DATABASE) private readonly db: Kysely<InventoryDatabase>) {}

  /** The order's reservation row, locked until the transaction ends (see lockReservation). */
  lockReservation(tx: Tx, orderId: string): Promise<ReservationsTable | undefined> {
    return lockReservation.first(tx, { orderId });
  }

  /** The order's one outcome row; false when another transaction inserted it first (this insert waits for it). */
  async recordReservation(
    tx: Tx,
    row: { orderId: string; reservationId: string; status: ReservationsTable['status']; items: unknown; at: string; correlationId: string },
  ): Promise<boolean> {
    const inserted = await insertReservation.affected(tx, {
      order_id: row.orderId,
      reservation_id: row.reservationId,
      status: row.status,
      items: JSON.stringify(row.items),
      created_at: row.at,
      correlation_id: row.correlationId,
    });
    return inserted > 0;
  }

  /** The outcome of the row this transaction claimed. */
  async decide(tx: Tx, orderId: string, status: 'reserved' | 'insufficient', items: unknown): Promise<void> {
    await decideReservation.execute(tx, { order_id: orderId, status, items: JSON.stringify(items) });
  }

  async markReleased(tx: Tx, orderId: string, at: string): Promise<void> {
    await tx.updateTable('reservations').set({ status: 'released', released_at: at }).where('order_id', '=', orderId).execute();
  }

  /** What a product's shelf has available, locked (see lockShelf); undefined for an unknown product. */
  async lockShelf(tx: Tx, productId: string): Promise<number | undefined> {
    return (await lockShelf.first(tx, { productId }))?.available;
  }

  /** Moves `quantity` from available to reserved (a negative one moves it back). */
  async moveToReserved(tx: Tx, productId: string, quantity: number): Promise<void> {
    await moveToReserved.execute(tx, { productId, quantity });
  }

  listStock(): Promise<StockTable[]> {
    return this.db.selectFrom('stock').selectAll().orderBy('product_id').execute();
  }

  findStock(productId: string): Promise<StockTable | undefined> {
    return this.db.selectFrom('stock').selectAll().where('product_id', '=', productId).executeTakeFirst();
  }

  /** A page of reservations, oldest first, optionally one order's. */
  reservations(orderId: string | undefined, limit: number, offset: number): Promise<ReservationsTable[]> {
    let query = this.db.selectFrom('reservations').selectAll().orderBy('created_at').orderBy('order_id').limit(limit).offset(offset);
    if (orderId) query = query.where('order_id', '=', orderId);
    return query.execute();
  }
}
