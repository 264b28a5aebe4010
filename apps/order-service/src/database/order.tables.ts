import type { MessagingTables } from '@ecom/rabbit/kysely';
import type { Generated } from 'kysely';
import type { CancelReason } from '@ecom/contracts';
import type { OrderStatus } from '../orders/order-process';

export interface OrdersTable {
  order_id: string;
  customer_id: string;
  customer_email: string;
  /** JSON array of the order lines. */
  items: string;
  total_amount: number;
  currency: string;
  status: OrderStatus;
  cancel_reason: CancelReason | null;
  payment_due_at: string | null;
  stock_due_at: string | null;
  correlation_id: string;
  created_at: string;
  updated_at: string;
}

export interface OrderHistoryTable {
  id: Generated<number>;
  order_id: string;
  /** The routing key of the event. */
  type: string;
  at: string;
  /** JSON object with what the event said. */
  details: string;
  event_id: string;
}

/** order-service's database. */
export interface OrderDatabase extends MessagingTables {
  orders: OrdersTable;
  order_history: OrderHistoryTable;
}
