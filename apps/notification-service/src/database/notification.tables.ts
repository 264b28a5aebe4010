import type { MessagingTables } from '@ecom/rabbit/kysely';
import type { Generated } from 'kysely';
import type { NotificationKind } from '../notifications/notification-message';

export interface NotificationsTable {
  id: Generated<number>;
  order_id: string;
  kind: NotificationKind;
  recipient: string;
  subject: string;
  body: string;
  event_id: string;
  created_at: string;
  correlation_id: string;
}

/** notification-service's database. */
export interface NotificationDatabase extends MessagingTables {
  notifications: NotificationsTable;
}
