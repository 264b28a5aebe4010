import type { MessagingTables } from '@ecom/rabbit/kysely';

export interface PaymentsTable {
  order_id: string;
  payment_id: string;
  customer_id: string;
  amount: number;
  currency: string;
  status: 'succeeded' | 'declined';
  reason: string | null;
  processed_at: string;
  correlation_id: string;
}

/** payment-service's database. */
export interface PaymentDatabase extends MessagingTables {
  payments: PaymentsTable;
}
