export interface OrdersOptions {
  /** An order not paid this long after it was placed is cancelled (payment_timeout). */
  paymentTimeoutMs: number;
  /** A paid order not reserved this long after its payment is cancelled (stock_timeout). */
  stockTimeoutMs: number;
  /** How often OrderDeadlines looks for orders past a deadline (how late a timeout may act). */
  deadlineSweepMs: number;
}
export const ORDERS_OPTIONS = Symbol('ORDERS_OPTIONS');
