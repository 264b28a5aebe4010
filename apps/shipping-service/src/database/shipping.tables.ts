import type { MessagingTables } from '@ecom/rabbit/kysely';

export interface ShipmentsTable {
  order_id: string;
  shipment_id: string;
  status: 'created' | 'failed';
  carrier: string | null;
  tracking_number: string | null;
  /** Carrier calls made for the order, successful one included. */
  attempts: number;
  reason: string | null;
  customer_id: string;
  updated_at: string;
  correlation_id: string;
}

export interface ShippingAttemptsTable {
  order_id: string;
  /** Delivery cycle: 0 for the first, +1 per replay from the DLQ. */
  cycle: number;
  attempt: number;
  reason: string;
  failed_at: string;
}

/** shipping-service's database. */
export interface ShippingDatabase extends MessagingTables {
  shipments: ShipmentsTable;
  shipping_attempts: ShippingAttemptsTable;
}
