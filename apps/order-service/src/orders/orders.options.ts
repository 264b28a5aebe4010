export interface OrdersOptions {
  /** An order not paid this long after it was placed is cancelled (payment_timeout). */
  paymentTimeoutMs: number;
  /** A paid order not reserved this long after its payment is cancelled (stock_timeout). */
  stockTimeoutMs: number;
}
export const ORDERS_OPTIONS = Symbol('ORDERS_OPTIONS');
