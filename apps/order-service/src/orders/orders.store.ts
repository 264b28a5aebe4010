import { dialectOf, prepareQuery } from '@ecom/rabbit/kysely';
import { DATABASE } from '@ecom/service-kit';
import { sql, type Kysely, type Transaction } from 'kysely';
import { Inject, Injectable } from '@nestjs/common';
import type { OrderDatabase, OrderHistoryTable, OrdersTable } from '../database/order.tables';
import type { OrderStatus } from './order-process';

export type Tx = Transaction<OrderDatabase>;

/** The status changed under us (another handler of the same order committed first): run again. */
export class StaleOrderError extends Error {
  override readonly name = 'StaleOrderError';
}

// The statements every order and every step of its process runs, compiled once (see prepareQuery).

/**
 * PostgreSQL: `FOR UPDATE`, so a second handler of the same order waits for this transaction
 * instead of deciding on a status about to change. SQLite's write transaction (BEGIN IMMEDIATE)
 * already serialises handlers.
 */
const lockOrder = prepareQuery<OrderDatabase, { orderId: string }>()((db, param) => {
  const query = db.selectFrom('orders').selectAll().where('order_id', '=', param('orderId'));
  return dialectOf(db) === 'postgres' ? query.forUpdate() : query;
});

const findOrder = prepareQuery<OrderDatabase, { orderId: string }>()((db, param) =>
  db.selectFrom('orders').selectAll().where('order_id', '=', param('orderId')),
);

type StatusChange = Pick<OrdersTable, 'status' | 'cancel_reason' | 'stock_due_at'>;

const moveOrder = prepareQuery<OrderDatabase, StatusChange & Pick<OrdersTable, 'order_id' | 'updated_at'> & { expected: OrderStatus }>()((db, param) =>
  db
    .updateTable('orders')
    .set({ status: param('status'), cancel_reason: param('cancel_reason'), stock_due_at: param('stock_due_at'), updated_at: param('updated_at') })
    .where('order_id', '=', param('order_id'))
    .where('status', '=', param('expected')),
);

const insertOrder = prepareQuery<OrderDatabase, OrdersTable>()((db, param) =>
  db.insertInto('orders').values({
    order_id: param('order_id'),
    customer_id: param('customer_id'),
    customer_email: param('customer_email'),
    items: param('items'),
    total_amount: param('total_amount'),
    currency: param('currency'),
    status: param('status'),
    cancel_reason: param('cancel_reason'),
    payment_due_at: param('payment_due_at'),
    stock_due_at: param('stock_due_at'),
    correlation_id: param('correlation_id'),
    created_at: param('created_at'),
    updated_at: param('updated_at'),
  }),
);

const insertHistory = prepareQuery<OrderDatabase, Omit<OrderHistoryTable, 'id'>>()((db, param) =>
  db.insertInto('order_history').values({ order_id: param('order_id'), type: param('type'), at: param('at'), details: param('details'), event_id: param('event_id') }),
);

/** The SQL of orders; every status change is a conditional update on the status it read. */
@Injectable()
export class OrdersStore {
  constructor(@Inject(DATABASE) private readonly db: Kysely<OrderDatabase>) {}

  /** Reads an order for a decision, locked until the transaction ends (see lockOrder). */
  async lock(tx: Tx, orderId: string): Promise<OrdersTable | undefined> {
    return lockOrder.first(tx, { orderId });
  }

  /**
   * `UPDATE … WHERE status = <expected>`: the guard that makes a lost update impossible even
   * without the row lock (a handler that read an older status changes nothing and runs again).
   */
  async move(tx: Tx, orderId: string, expected: OrderStatus, change: StatusChange): Promise<void> {
    const updated = await moveOrder.affected(tx, { ...change, order_id: orderId, expected, updated_at: new Date().toISOString() });
    if (updated !== 1) throw new StaleOrderError(`order ${orderId} is no longer ${expected}`);
  }

  async insert(tx: Tx, row: OrdersTable): Promise<void> {
    await insertOrder.execute(tx, row);
  }

  async addHistory(tx: Tx, orderId: string, type: string, at: string, details: Record<string, unknown>, eventId: string): Promise<void> {
    await insertHistory.execute(tx, { order_id: orderId, type, at, details: JSON.stringify(details), event_id: eventId });
  }

  find(orderId: string): Promise<OrdersTable | undefined> {
    return findOrder.first(this.db, { orderId });
  }

  /**
   * Up to `limit` orders in `status` whose `dueColumn` is at or before `now`, the most overdue
   * first. The status is a literal in the SQL so the planner can use the partial index of that
   * deadline (migration 0003), which holds only the orders still waiting.
   */
  due(status: OrderStatus, dueColumn: 'payment_due_at' | 'stock_due_at', now: string, limit: number) {
    return this.db
      .selectFrom('orders')
      .select(['order_id', 'correlation_id', `${dueColumn} as due_at`])
      .where('status', '=', sql.lit(status))
      .where(dueColumn, '<=', now)
      .orderBy(dueColumn)
      .limit(limit)
      .execute();
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
