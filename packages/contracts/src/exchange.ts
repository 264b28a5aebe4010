/** The one topic exchange every service publishes to and binds its queues on. */
export const EXCHANGE = 'ecommerce.events';
