import { dialectOf, prepareQuery } from '@ecom/rabbit/kysely';
import type { InventoryDatabase, ReservationsTable } from '../database/inventory.tables';

// The statements a reservation runs, compiled once (see prepareQuery): every payment runs them.

/** The order's one outcome row; changes nothing when another handler committed it first. */
export const insertReservation = prepareQuery<InventoryDatabase, Omit<ReservationsTable, 'released_at'>>()((db, param) =>
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
export const lockReservation = prepareQuery<InventoryDatabase, { orderId: string }>()((db, param) => {
  const query = db.selectFrom('reservations').selectAll().where('order_id', '=', param('orderId'));
  return dialectOf(db) === 'postgres' ? query.forUpdate() : query;
});

export const decideReservation = prepareQuery<InventoryDatabase, Pick<ReservationsTable, 'order_id' | 'status' | 'items'>>()((db, param) =>
  db.updateTable('reservations').set({ status: param('status'), items: param('items') }).where('order_id', '=', param('order_id')),
);

/** A product's shelf, locked on PostgreSQL so two orders cannot both take the last units. */
export const lockShelf = prepareQuery<InventoryDatabase, { productId: string }>()((db, param) => {
  const query = db.selectFrom('stock').select(['product_id', 'available']).where('product_id', '=', param('productId'));
  return dialectOf(db) === 'postgres' ? query.forUpdate() : query;
});

/** Moves `quantity` from available to reserved (a negative one moves it back). */
export const moveToReserved = prepareQuery<InventoryDatabase, { productId: string; quantity: number }>()((db, param) =>
  db
    .updateTable('stock')
    .set((eb) => ({ available: eb('available', '-', param('quantity')), reserved: eb('reserved', '+', param('quantity')) }))
    .where('product_id', '=', param('productId')),
);
