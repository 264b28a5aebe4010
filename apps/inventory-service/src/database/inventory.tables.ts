import type { MessagingTables } from '@ecom/rabbit/kysely';

export interface StockTable {
  product_id: string;
  name: string;
  available: number;
  reserved: number;
}

export interface ReservationsTable {
  order_id: string;
  reservation_id: string;
  status: 'reserved' | 'insufficient';
  /** JSON: the order lines, or for `insufficient` the lines that were short. */
  items: string;
  created_at: string;
  correlation_id: string;
}

/** inventory-service's database. */
export interface InventoryDatabase extends MessagingTables {
  stock: StockTable;
  reservations: ReservationsTable;
}
