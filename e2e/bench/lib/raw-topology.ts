import { Queue, RoutingKey, Topology } from '@ecom/contracts';

/**
 * What the raw ceiling asks of the broker. `brief`: order.created → payment (publishes
 * payment.processed.successful, confirmed) and notification; payment.processed.successful →
 * inventory, shipping, notification: 4 queues, 2 publishes and 5 deliveries per order.
 * `full`: every queue and hop of the running system's happy path: the POST publishes
 * order.created; payment publishes payment.processed.successful; order-service keeps the payment
 * and answers inventory's stock.reserved with order.confirmed; shipping answers order.confirmed
 * with shipping.shipment.created; notification and order-service read what they are bound to.
 * 6 queues, 5 publishes and 10 deliveries per order. (The order's deadlines are columns of its
 * row that order-service sweeps: no broker work.)
 */
export type RawMode = 'brief' | 'full';
export type RawRole = 'payment' | 'inventory' | 'shipping' | 'notification' | 'order';
/** What a role publishes (confirmed, before the ack) for a delivery with a given routing key. */
export type RawReply = 'payment' | 'stock' | 'shipment' | 'confirmed';

export interface RoleSpec {
  queues: string[];
  /** Its reply to each routing key that has one; other deliveries are only read and acked. */
  replies?: Partial<Record<string, RawReply>>;
  /** Keeps payment.processed.successful's data for its order.confirmed (order-service does, in its row). */
  keepsPayments?: boolean;
  /** Deliveries per order across the role's queues. */
  perOrder: number;
}

export function rawRoles(mode: RawMode): Partial<Record<RawRole, RoleSpec>> {
  if (mode === 'brief') {
    return {
      payment: { queues: [Queue.PaymentOrderCreated], replies: { [RoutingKey.OrderCreated]: 'payment' }, perOrder: 1 },
      inventory: { queues: [Queue.InventoryPaymentSuccessful], perOrder: 1 },
      shipping: { queues: [Queue.Shipping], perOrder: 1 },
      notification: { queues: [Queue.NotificationOrderCreated], perOrder: 2 },
    };
  }
  return {
    payment: { queues: [Queue.PaymentOrderCreated], replies: { [RoutingKey.OrderCreated]: 'payment' }, perOrder: 1 },
    inventory: { queues: [Queue.InventoryPaymentSuccessful], replies: { [RoutingKey.PaymentSucceeded]: 'stock' }, perOrder: 1 },
    shipping: { queues: [Queue.Shipping], replies: { [RoutingKey.OrderConfirmed]: 'shipment' }, perOrder: 2 },
    notification: { queues: [Queue.NotificationOrderCreated, Queue.NotificationShipment], perOrder: 3 },
    order: {
      queues: [Queue.OrderEvents],
      replies: { [RoutingKey.StockReserved]: 'confirmed' },
      keepsPayments: true,
      perOrder: 3,
    },
  };
}

/** The queues (with the system's bindings) a mode declares. */
export function rawQueues(mode: RawMode) {
  const names = new Set(Object.values(rawRoles(mode)).flatMap((role) => role?.queues ?? []));
  return Topology.queues.filter((queue) => names.has(queue.name));
}

/** What the bench itself publishes per order (the POST's part): order.created. */
export function publishesPerOrder(mode: RawMode): number {
  const replies = Object.values(rawRoles(mode)).reduce((sum, role) => sum + Object.keys(role?.replies ?? {}).length, 0);
  return 1 + replies;
}

export function deliveriesPerOrder(mode: RawMode): number {
  return Object.values(rawRoles(mode)).reduce((sum, role) => sum + (role?.perOrder ?? 0), 0);
}

export { RoutingKey };
