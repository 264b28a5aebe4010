import { Type, type Static } from '@sinclair/typebox';
import { CommonServiceConfig } from '@ecom/service-kit';

/** notification-service settings, read from the environment at start. */
export const NotificationServiceConfig = Type.Composite([
  CommonServiceConfig,
  Type.Object({ NOTIFICATION_SERVICE_PORT: Type.Integer({ default: 3004, minimum: 1, maximum: 65535 }) }),
]);
export type NotificationServiceConfig = Static<typeof NotificationServiceConfig>;
