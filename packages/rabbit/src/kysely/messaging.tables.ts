import type { Generated } from 'kysely';

/*
 * Timestamps are epoch milliseconds in BIGINT columns on both dialects: integers compare and
 * index fastest, SQLite has no timestamp type, and better-sqlite3 cannot bind a Date.
 */

export interface EcomInboxTable {
  consumer: string;
  event_id: string;
  handled_at: number;
}

export interface EcomOutboxTable {
  seq: Generated<number>;
  event_id: string;
  routing_key: string;
  body: string;
  properties: string;
  created_at: number;
  sent_at: number | null;
}

export interface EcomOutboxLeaseTable {
  name: string;
  owner: string;
  expires_at: number;
}

/** The tables `messagingMigrations` creates; add them to a service's DB type to query them. */
export interface MessagingTables {
  ecom_inbox: EcomInboxTable;
  ecom_outbox: EcomOutboxTable;
  ecom_outbox_lease: EcomOutboxLeaseTable;
}
