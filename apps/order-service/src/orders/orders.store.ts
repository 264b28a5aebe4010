import type { CancelReason } from '@ecom/contracts';
import { dialectOf } from '@ecom/rabbit/kysely';
import type { Kysely, Transaction } from 'kysely';
import type { OrderDatabase, OrdersTable } from '../database/order.tables';
import type { OrderStatus } from './order-process';

export type Tx = Transaction<OrderDatabase>;

/** The status changed under us (another handler of the same order committed first): run again. */
export class StaleOrderError extends Error {
  override readonly name = 'StaleOrderError';
}

/** The SQL of orders; every status change is a conditional update on the status it read. */
export class OrdersStore {
  constructor(private readonly db: Kysely<OrderDatabase>) {}

  /**
   * Reads an order for a decision. PostgreSQL: `FOR UPDATE`, so a second handler of the same
   * order waits for this transaction instead of deciding on a status about to change. SQLite's
   * write transaction (BEGIN IMMEDIATE) already serialises handlers.
   */
  async lock(tx: Tx, orderId: string): Promise<OrdersTable | undefined> {
    let query = tx.selectFrom('orders').selectAll().where('order_id', '=', orderId);
    if (dialectOf(this.db) === 'postgres') query = query.forUpdate();
    return query.executeTakeFirst();
  }

  /**
   * `UPDATE … WHERE status = <expected>`: the guard that makes a lost update impossible even
   * without the row lock (a handler that read an older status changes nothing and runs again).
   */
  async move(
    tx: Tx,
    orderId: string,
    expected: OrderStatus,
    change: { status: OrderStatus; cancel_reason?: CancelReason | null; stock_due_at?: string | null },
  ): Promise<void> {
    const result = await tx
      .updateTable('orders')
      .set({ ...change, updated_at: new Date().toISOString() })
      .where('order_id', '=', orderId)
      .where('status', '=', expected)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new StaleOrderError(`order ${orderId} is no longer ${expected}`);
  }

  async insert(tx: Tx, row: OrdersTable): Promise<void> {
    await tx.insertInto('orders').values(row).execute();
  }

  async addHistory(tx: Tx, orderId: string, type: string, at: string, details: Record<string, unknown>, eventId: string): Promise<void> {
    await tx.insertInto('order_history').values({ order_id: orderId, type, at, details: JSON.stringify(details), event_id: eventId }).execute();
  }

  find(orderId: string): Promise<OrdersTable | undefined> {
    return this.db.selectFrom('orders').selectAll().where('order_id', '=', orderId).executeTakeFirst();
  }

  history(orderId: string) {
    return this.db.selectFrom('order_history').selectAll().where('order_id', '=', orderId).orderBy('at').orderBy('id').execute();
  }

  /** A page of orders, oldest first (stable under inserts at the end), optionally one customer's or one status'. */
  list(filter: { customerId?: string; status?: string; limit: number; offset: number }): Promise<OrdersTable[]> {
    let query = this.db.selectFrom('orders').selectAll().orderBy('created_at').orderBy('order_id').limit(filter.limit).offset(filter.offset);
    if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
    if (filter.status) query = query.where('status', '=', filter.status as OrderStatus);
    return query.execute();
  }
}
