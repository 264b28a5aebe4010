// Time-ordered ids: a row keyed by one goes to the end of its index, not to a random page.
import { v7 as uuidv7 } from 'uuid';
import { dialectOf, prepareQuery } from '@ecom/rabbit/kysely';
import { DATABASE } from '@ecom/service-kit';
import type { Kysely, Transaction } from 'kysely';
import { Inject, Injectable } from '@nestjs/common';
import type { ShipmentsTable, ShippingAttemptsTable, ShippingDatabase } from '../database/shipping.tables';

export type Tx = Transaction<ShippingDatabase>;

// The statements every confirmed order runs, compiled once (see prepareQuery).

/** PostgreSQL: `FOR UPDATE`, so a cancellation and a carrier call decide one after the other. */
const lockShipment = prepareQuery<ShippingDatabase, { orderId: string }>()((db, param) => {
  const query = db.selectFrom('shipments').selectAll().where('order_id', '=', param('orderId'));
  return dialectOf(db) === 'postgres' ? query.forUpdate() : query;
});

/** The order's one shipment row; changes nothing when another transaction inserted it first. */
const insertShipment = prepareQuery<ShippingDatabase, Omit<ShipmentsTable, 'carrier' | 'tracking_number' | 'attempts'>>()((db, param) =>
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
const redispatch = prepareQuery<ShippingDatabase, { orderId: string; updatedAt: string }>()((db, param) =>
  db.updateTable('shipments').set({ status: 'dispatching', updated_at: param('updatedAt') }).where('order_id', '=', param('orderId')),
);

/** The carrier's label, only while the row is still `dispatching` (once per order). */
const markCreated = prepareQuery<ShippingDatabase, Pick<ShipmentsTable, 'order_id' | 'shipment_id' | 'attempts' | 'updated_at'> & { carrier: string; tracking_number: string }>()(
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

const countFailedAttempts = prepareQuery<ShippingDatabase, { orderId: string }>()((db, param) =>
  db
    .selectFrom('shipping_attempts')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('order_id', '=', param('orderId')),
);

/**
 * The SQL of shipments: one row an order (its status and the cancellation waiting on a call) and a row
 * for each failed carrier call. Every write takes the caller's transaction; the decisions are the
 * service's.
 */
@Injectable()
export class ShipmentsStore {
  constructor(@Inject(DATABASE) private readonly db: Kysely<ShippingDatabase>) {}

  /** The order's row, locked until the transaction ends (see lockShipment). */
  lock(tx: Tx, orderId: string): Promise<ShipmentsTable | undefined> {
    return lockShipment.first(tx, { orderId });
  }

  /** The order's one shipment row; false when another transaction inserted it first (this insert waits for it). */
  async insert(
    tx: Tx,
    row: { orderId: string; status: 'dispatching' | 'cancelled'; customerId: string; correlationId: string; reason: string | null },
  ): Promise<boolean> {
    const inserted = await insertShipment.affected(tx, {
      order_id: row.orderId,
      shipment_id: uuidv7(),
      status: row.status,
      reason: row.reason,
      // '-' for a cancellation that arrived first: the customer is not known yet and never needed.
      customer_id: row.customerId,
      updated_at: new Date().toISOString(),
      correlation_id: row.correlationId,
      cancel_requested: row.status === 'cancelled' ? 1 : 0,
    });
    return inserted > 0;
  }

  /** Back to `dispatching` for another carrier call. */
  async redispatch(tx: Tx, orderId: string): Promise<void> {
    await redispatch.execute(tx, { orderId, updatedAt: new Date().toISOString() });
  }

  /** The carrier's label on a `dispatching` row; false when another delivery recorded it first. */
  async markCreated(tx: Tx, label: { orderId: string; shipmentId: string; carrier: string; trackingNumber: string; attempts: number; at: string }): Promise<boolean> {
    const updated = await markCreated.affected(tx, {
      order_id: label.orderId,
      shipment_id: label.shipmentId,
      carrier: label.carrier,
      tracking_number: label.trackingNumber,
      attempts: label.attempts,
      updated_at: label.at,
    });
    return updated > 0;
  }

  async markCancelled(tx: Tx, orderId: string, reason: string, at: string): Promise<void> {
    await tx.updateTable('shipments').set({ status: 'cancelled', cancel_requested: 1, reason, updated_at: at }).where('order_id', '=', orderId).execute();
  }

  /** A cancellation arrived during a carrier call: the call's failure cancels instead of retrying. */
  async requestCancel(tx: Tx, orderId: string): Promise<void> {
    await tx.updateTable('shipments').set({ cancel_requested: 1 }).where('order_id', '=', orderId).execute();
  }

  /** Out of `dispatching` after a failed call: `waiting` for the retry, or `failed` after the last. */
  async markCallFailed(tx: Tx, orderId: string, change: { status: 'waiting' | 'failed'; attempts: number; reason: string; at: string }): Promise<void> {
    await tx
      .updateTable('shipments')
      .set({ status: change.status, attempts: change.attempts, reason: change.reason, updated_at: change.at })
      .where('order_id', '=', orderId)
      .execute();
  }

  /** One failed call; false when that (cycle, attempt) is recorded already (the same delivery twice). */
  async recordFailedAttempt(tx: Tx, attempt: ShippingAttemptsTable): Promise<boolean> {
    const inserted = await tx
      .insertInto('shipping_attempts')
      .values(attempt)
      .onConflict((oc) => oc.columns(['order_id', 'cycle', 'attempt']).doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  async countFailedAttempts(orderId: string): Promise<number> {
    const row = await countFailedAttempts.first(this.db, { orderId });
    return Number(row?.count ?? 0);
  }

  find(orderId: string): Promise<ShipmentsTable | undefined> {
    return this.db.selectFrom('shipments').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  }

  failedAttempts(orderId: string): Promise<ShippingAttemptsTable[]> {
    return this.db.selectFrom('shipping_attempts').selectAll().where('order_id', '=', orderId).orderBy('cycle').orderBy('attempt').execute();
  }

  list(limit: number, offset: number): Promise<ShipmentsTable[]> {
    return this.db.selectFrom('shipments').selectAll().orderBy('order_id').limit(limit).offset(offset).execute();
  }
}
