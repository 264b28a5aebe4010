import { listOperation, queryParameter, serviceDocument } from '@ecom/service-kit';

/** notification-service's read API. */
export function notificationServiceOpenApi() {
  return serviceDocument('notification-service', 'Tells customers what happened to their orders; reads the notifications.', {
    '/notifications': { get: { tags: ['notifications'], ...listOperation('notifications', [queryParameter('orderId', 'only this order')]) } },
  });
}
