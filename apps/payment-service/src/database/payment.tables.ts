import type { CancelReason } from '@ecom/contracts';
import type { MessagingTables } from '@ecom/rabbit/kysely';

export interface PaymentsTable {
  order_id: string;
  payment_id: string;
  customer_id: string;
  amount: number;
  currency: string;
  /**
   * `voided`: cancelled before any charge (a later order.created charges nothing); `refund_due`:
   * charged, refund decided and not yet confirmed by the gateway; `refunded`: paid back.
   */
  status: 'succeeded' | 'declined' | 'voided' | 'refund_due' | 'refunded';
  reason: string | null;
  refunded_at: string | null;
  cancel_reason: CancelReason | null;
  processed_at: string;
  correlation_id: string;
}

export interface GatewayLedgerTable {
  idempotency_key: string;
  kind: 'charge' | 'refund';
  amount: number;
  currency: string;
  /** Calls made with this key and kind; more than one means a retried call was absorbed. */
  calls: number;
  at: string;
}

/** payment-service's database. */
export interface PaymentDatabase extends MessagingTables {
  payments: PaymentsTable;
  gateway_ledger: GatewayLedgerTable;
}
