import type { MessagingTables } from '@ecom/rabbit/kysely';

export interface ShipmentsTable {
  order_id: string;
  shipment_id: string;
  /**
   * `dispatching`: the carrier is being called; `waiting`: a call failed and a retry is due;
   * `failed`: retries exhausted (held, message in the final DLQ); `cancelled`: will never ship.
   */
  status: 'dispatching' | 'waiting' | 'created' | 'failed' | 'cancelled';
  carrier: string | null;
  tracking_number: string | null;
  /** Carrier calls made for the order, successful one included. */
  attempts: number;
  reason: string | null;
  customer_id: string;
  updated_at: string;
  correlation_id: string;
  /** 1 when a cancellation arrived during a carrier call: a failed call then cancels instead of retrying. */
  cancel_requested: number;
}

export interface CarrierLedgerTable {
  idempotency_key: string;
  carrier: string;
  tracking_number: string;
  /** Calls made with this key; more than one means a repeated call was absorbed. */
  calls: number;
  created_at: string;
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
  carrier_ledger: CarrierLedgerTable;
}
