/** Every service taking part in the flow; used as the envelope `producer` and as queue owner. */
export const Services = [
  'order-service',
  'payment-service',
  'inventory-service',
  'shipping-service',
  'notification-service',
] as const;

/** One of the service names above. */
export type ServiceName = (typeof Services)[number];
