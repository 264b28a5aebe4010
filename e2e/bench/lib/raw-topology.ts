import { Queue, RoutingKey, Topology } from '@ecom/contracts';

/**
 * What the raw ceiling asks of the broker. `brief`: order.created → payment (publishes
 * payment.processed.successful, confirmed) and notification; payment.processed.successful →
 * inventory, shipping, notification: 4 queues, 2 publishes and 5 deliveries per order.
 * `full`: every queue and hop the running system has (inventory publishes stock.reserved,
 * shipping publishes shipment.created, order-service and notification consume their events):
 * 6 queues, 4 publishes and 9 deliveries per order.
 */
export type RawMode = 'brief' | 'full';
export type RawRole = 'payment' | 'inventory' | 'shipping' | 'notification' | 'order';

export interface RoleSpec {
  queues: string[];
  /** What the role publishes (confirmed) for each message it takes from its first queue, before the ack. */
  publishes?: 'payment' | 'stock' | 'shipment';
  /** Deliveries per order across the role's queues. */
  perOrder: number;
}

export function rawRoles(mode: RawMode): Partial<Record<RawRole, RoleSpec>> {
  if (mode === 'brief') {
    return {
      payment: { queues: [Queue.PaymentOrderCreated], publishes: 'payment', perOrder: 1 },
      inventory: { queues: [Queue.InventoryPaymentSuccessful], perOrder: 1 },
      shipping: { queues: [Queue.Shipping], perOrder: 1 },
      notification: { queues: [Queue.NotificationOrderCreated], perOrder: 2 },
    };
  }
  return {
    payment: { queues: [Queue.PaymentOrderCreated], publishes: 'payment', perOrder: 1 },
    inventory: { queues: [Queue.InventoryPaymentSuccessful], publishes: 'stock', perOrder: 1 },
    shipping: { queues: [Queue.Shipping], publishes: 'shipment', perOrder: 1 },
    notification: { queues: [Queue.NotificationOrderCreated, Queue.NotificationShipment], perOrder: 3 },
    order: { queues: [Queue.OrderEvents], perOrder: 3 },
  };
}

/** The queues (with the system's bindings) a mode declares. */
export function rawQueues(mode: RawMode) {
  const names = new Set(Object.values(rawRoles(mode)).flatMap((role) => role?.queues ?? []));
  return Topology.queues.filter((queue) => names.has(queue.name));
}

export function publishesPerOrder(mode: RawMode): number {
  return mode === 'brief' ? 2 : 4;
}

export function deliveriesPerOrder(mode: RawMode): number {
  return Object.values(rawRoles(mode)).reduce((sum, role) => sum + (role?.perOrder ?? 0), 0);
}

export { RoutingKey };
