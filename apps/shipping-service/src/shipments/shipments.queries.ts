import { dialectOf, prepareQuery } from '@ecom/rabbit/kysely';
import type { ShipmentsTable, ShippingDatabase } from '../database/shipping.tables';

// The statements every confirmed order runs, compiled once (see prepareQuery).

/** PostgreSQL: `FOR UPDATE`, so a cancellation and a carrier call decide one after the other. */
export const lockShipment = prepareQuery<ShippingDatabase, { orderId: string }>()((db, param) => {
  const query = db.selectFrom('shipments').selectAll().where('order_id', '=', param('orderId'));
  return dialectOf(db) === 'postgres' ? query.forUpdate() : query;
});

/** The order's one shipment row; changes nothing when another transaction inserted it first. */
export const insertShipment = prepareQuery<ShippingDatabase, Omit<ShipmentsTable, 'carrier' | 'tracking_number' | 'attempts'>>()((db, param) =>
  db
    .insertInto('shipments')
    .values({
      order_id: param('order_id'),
      shipment_id: param('shipment_id'),
      status: param('status'),
      carrier: null,
      tracking_number: null,
      attempts: 0,
      reason: param('reason'),
      customer_id: param('customer_id'),
      updated_at: param('updated_at'),
      correlation_id: param('correlation_id'),
      cancel_requested: param('cancel_requested'),
    })
    .onConflict((oc) => oc.column('order_id').doNothing()),
);

/** Back to `dispatching` for another carrier call (a retry). */
export const redispatch = prepareQuery<ShippingDatabase, { orderId: string; updatedAt: string }>()((db, param) =>
  db.updateTable('shipments').set({ status: 'dispatching', updated_at: param('updatedAt') }).where('order_id', '=', param('orderId')),
);

/** The carrier's label, only while the row is still `dispatching` (once per order). */
export const markCreated = prepareQuery<ShippingDatabase, Pick<ShipmentsTable, 'order_id' | 'shipment_id' | 'attempts' | 'updated_at'> & { carrier: string; tracking_number: string }>()(
  (db, param) =>
    db
      .updateTable('shipments')
      .set({
        shipment_id: param('shipment_id'),
        status: 'created',
        carrier: param('carrier'),
        tracking_number: param('tracking_number'),
        attempts: param('attempts'),
        reason: null,
        updated_at: param('updated_at'),
      })
      .where('order_id', '=', param('order_id'))
      .where('status', '=', 'dispatching'),
);

export const countFailedAttempts = prepareQuery<ShippingDatabase, { orderId: string }>()((db, param) =>
  db
    .selectFrom('shipping_attempts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('order_id', '=', param('orderId')),
);
