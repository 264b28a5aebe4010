import type { MessagingTables } from '@ecom/rabbit/kysely';

export interface StockTable {
  product_id: string;
  name: string;
  available: number;
  reserved: number;
  initial: number;
}

export interface ReservationsTable {
  order_id: string;
  reservation_id: string;
  /** `released`: reserved, then put back for a cancelled order; `cancelled`: cancelled before any reservation. */
  status: 'reserved' | 'insufficient' | 'released' | 'cancelled';
  /** JSON: the order lines, or for `insufficient` the lines that were short. */
  items: string;
  created_at: string;
  correlation_id: string;
  released_at: string | null;
}

/** inventory-service's database. */
export interface InventoryDatabase extends MessagingTables {
  stock: StockTable;
  reservations: ReservationsTable;
}
