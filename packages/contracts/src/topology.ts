import { EXCHANGE } from './exchange';
import { Queue } from './queue';
import { RoutingKey } from './routing-key';
import type { ServiceName } from './services';

/** One durable queue: who consumes it, what it is bound to, where its failures go. */
export interface QueueTopology {
  name: string;
  consumer: ServiceName;
  /** Binding patterns on the exchange (AMQP topic syntax). */
  bindings: readonly string[];
  /** Where messages go that can no longer be processed. */
  deadLetterQueue: string;
  /** Delay queue a failed message waits in before it is retried, when the consumer retries. */
  retryQueue?: string;
}

/** The broker layout as plain data: each service asserts its own queues from this. */
export const Topology: { readonly exchange: typeof EXCHANGE; readonly queues: readonly QueueTopology[] } = {
  exchange: EXCHANGE,
  queues: [
    {
      name: Queue.PaymentOrderCreated,
      consumer: 'payment-service',
      bindings: [RoutingKey.OrderCreated],
      deadLetterQueue: `${Queue.PaymentOrderCreated}.dlq`,
    },
    {
      name: Queue.NotificationOrderCreated,
      consumer: 'notification-service',
      bindings: [RoutingKey.OrderCreated, 'payment.processed.*'],
      deadLetterQueue: `${Queue.NotificationOrderCreated}.dlq`,
    },
    {
      name: Queue.InventoryPaymentSuccessful,
      consumer: 'inventory-service',
      bindings: [RoutingKey.PaymentSucceeded],
      deadLetterQueue: `${Queue.InventoryPaymentSuccessful}.dlq`,
    },
    {
      name: Queue.Shipping,
      consumer: 'shipping-service',
      // The seed's binding stays; shipping only records it. The carrier is called on
      // order.confirmed (paid and every line reserved), asked not to on a cancellation request.
      bindings: [RoutingKey.PaymentSucceeded, RoutingKey.OrderConfirmed, RoutingKey.OrderCancellationRequested],
      retryQueue: Queue.ShippingRetry,
      deadLetterQueue: Queue.ShippingFinalDlq,
    },
    {
      name: Queue.NotificationShipment,
      consumer: 'notification-service',
      bindings: [RoutingKey.ShipmentCreated, RoutingKey.ShipmentFailed],
      deadLetterQueue: `${Queue.NotificationShipment}.dlq`,
    },
    {
      name: Queue.OrderEvents,
      consumer: 'order-service',
      bindings: [
        'payment.processed.*',
        'inventory.stock.*',
        'shipping.shipment.*',
        RoutingKey.ShipmentAttemptFailed,
        RoutingKey.PaymentRefunded,
      ],
      deadLetterQueue: `${Queue.OrderEvents}.dlq`,
    },
    {
      name: Queue.PaymentOrderCancelled,
      consumer: 'payment-service',
      bindings: [RoutingKey.OrderCancelled],
      deadLetterQueue: `${Queue.PaymentOrderCancelled}.dlq`,
    },
    {
      name: Queue.InventoryOrderCancelled,
      consumer: 'inventory-service',
      bindings: [RoutingKey.OrderCancelled],
      deadLetterQueue: `${Queue.InventoryOrderCancelled}.dlq`,
    },
    {
      name: Queue.NotificationOrderCancelled,
      consumer: 'notification-service',
      bindings: [RoutingKey.OrderCancelled],
      deadLetterQueue: `${Queue.NotificationOrderCancelled}.dlq`,
    },
  ],
};

/** The queues a service consumes from. */
export function queuesOf(service: ServiceName): QueueTopology[] {
  return Topology.queues.filter((queue) => queue.consumer === service);
}
