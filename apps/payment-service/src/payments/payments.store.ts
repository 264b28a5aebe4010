import { dialectOf, prepareQuery } from '@ecom/rabbit/kysely';
import { DATABASE } from '@ecom/service-kit';
import type { Kysely, Transaction } from 'kysely';
import { Inject, Injectable } from '@nestjs/common';
import type { PaymentDatabase, PaymentsTable } from '../database/payment.tables';

export type Tx = Transaction<PaymentDatabase>;

/** A payment row as written: a charge's outcome, or a voided order (with the reason it was cancelled). */
export type NewPayment = Omit<PaymentsTable, 'refunded_at'>;

// The statements every order runs, compiled once (see prepareQuery).

/** Its one row, or nothing when another handler committed it first (the insert then changes nothing). */
const insertPayment = prepareQuery<PaymentDatabase, NewPayment>()((db, param) =>
  db
    .insertInto('payments')
    .values({
      order_id: param('order_id'),
      payment_id: param('payment_id'),
      customer_id: param('customer_id'),
      amount: param('amount'),
      currency: param('currency'),
      status: param('status'),
      reason: param('reason'),
      processed_at: param('processed_at'),
      correlation_id: param('correlation_id'),
      refunded_at: null,
      cancel_reason: param('cancel_reason'),
    })
    .onConflict((oc) => oc.column('order_id').doNothing()),
);

const findPayment = prepareQuery<PaymentDatabase, { orderId: string }>()((db, param) =>
  db.selectFrom('payments').selectAll().where('order_id', '=', param('orderId')),
);

/** PostgreSQL: `FOR UPDATE`, so a concurrent handler of the same order waits for this one. */
const lockPayment = prepareQuery<PaymentDatabase, { orderId: string }>()((db, param) => {
  const query = db.selectFrom('payments').selectAll().where('order_id', '=', param('orderId'));
  return dialectOf(db) === 'postgres' ? query.forUpdate() : query;
});

/** The SQL of payments: one row an order. Every write takes the caller's transaction; the decisions are the service's. */
@Injectable()
export class PaymentsStore {
  constructor(@Inject(DATABASE) private readonly db: Kysely<PaymentDatabase>) {}

  /** The order's row, locked until the transaction ends (see lockPayment). */
  lock(tx: Tx, orderId: string): Promise<PaymentsTable | undefined> {
    return lockPayment.first(tx, { orderId });
  }

  /** False when another transaction inserted the order's row first (this insert waits for it). */
  async insert(tx: Tx, row: NewPayment): Promise<boolean> {
    return (await insertPayment.affected(tx, row)) > 0;
  }

  /** A charge to pay back: the amount charged, or the reason the order was cancelled. */
  async markRefundDue(tx: Tx, orderId: string, change: Partial<Pick<PaymentsTable, 'amount' | 'cancel_reason'>>): Promise<void> {
    await tx
      .updateTable('payments')
      .set({ status: 'refund_due', ...change })
      .where('order_id', '=', orderId)
      .execute();
  }

  /** The refund made: only from `refund_due`, once. */
  async markRefunded(tx: Tx, orderId: string, at: string): Promise<void> {
    await tx.updateTable('payments').set({ status: 'refunded', refunded_at: at }).where('order_id', '=', orderId).where('status', '=', 'refund_due').execute();
  }

  /** Orders whose refund was decided and not yet made (a crash between the two). */
  async refundsDue(): Promise<string[]> {
    const rows = await this.db.selectFrom('payments').select('order_id').where('status', '=', 'refund_due').execute();
    return rows.map((row) => row.order_id);
  }

  find(orderId: string): Promise<PaymentsTable | undefined> {
    return findPayment.first(this.db, { orderId });
  }

  list(limit: number, offset: number): Promise<PaymentsTable[]> {
    return this.db.selectFrom('payments').selectAll().orderBy('processed_at').orderBy('order_id').limit(limit).offset(offset).execute();
  }
}
