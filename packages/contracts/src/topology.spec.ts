import { Queue } from './queue';
import { RoutingKey } from './routing-key';
import { matchesRoutingKey } from './routing-key-match';
import { Services } from './services';
import { queuesOf, Topology } from './topology';

describe('Topology', () => {
  it('binds every queue on the one exchange and names each queue once', () => {
    expect(Topology.exchange).toBe('ecommerce.events');
    const names = Topology.queues.map((q) => q.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('dead-letters to <name>.dlq, except shipping which retries then parks in its final DLQ', () => {
    for (const queue of Topology.queues) {
      if (queue.name === Queue.Shipping) {
        expect(queue).toMatchObject({ retryQueue: Queue.ShippingRetry, deadLetterQueue: Queue.ShippingFinalDlq });
      } else {
        expect(queue.deadLetterQueue).toBe(`${queue.name}.dlq`);
        expect(queue.retryQueue).toBeUndefined();
      }
    }
  });

  it('delivers every routing key to at least one queue', () => {
    for (const key of Object.values(RoutingKey)) {
      const receivers = Topology.queues.filter((q) => q.bindings.some((b) => matchesRoutingKey(b, key)));
      expect({ key, receivers: receivers.length }).toEqual({ key, receivers: expect.any(Number) });
      expect(receivers.length).toBeGreaterThan(0);
    }
  });

  it('routes payment outcomes to notification and order services', () => {
    const receivers = (key: string) =>
      Topology.queues.filter((q) => q.bindings.some((b) => matchesRoutingKey(b, key))).map((q) => q.name);
    expect(receivers(RoutingKey.PaymentFailed).sort()).toEqual([Queue.NotificationOrderCreated, Queue.OrderEvents].sort());
    expect(receivers(RoutingKey.PaymentSucceeded).sort()).toEqual(
      [Queue.NotificationOrderCreated, Queue.InventoryPaymentSuccessful, Queue.Shipping, Queue.OrderEvents].sort(),
    );
    expect(receivers(RoutingKey.ShipmentAttemptFailed)).toEqual([Queue.OrderEvents]);
  });

  it('keeps the seed bindings and sends the new order events beside them', () => {
    const receivers = (key: string) =>
      Topology.queues.filter((q) => q.bindings.some((b) => matchesRoutingKey(b, key))).map((q) => q.name);
    expect(receivers(RoutingKey.OrderConfirmed)).toEqual([Queue.Shipping]);
    expect(receivers(RoutingKey.OrderCancelled).sort()).toEqual(
      [Queue.PaymentOrderCancelled, Queue.InventoryOrderCancelled, Queue.NotificationOrderCancelled].sort(),
    );
  });
});

describe('queuesOf', () => {
  it('returns the queues a service consumes', () => {
    expect(queuesOf('notification-service').map((q) => q.name)).toEqual([
      Queue.NotificationOrderCreated,
      Queue.NotificationShipment,
      Queue.NotificationOrderCancelled,
    ]);
    expect(queuesOf('shipping-service').map((q) => q.name)).toEqual([Queue.Shipping]);
  });

  it('gives every service but none other a queue', () => {
    for (const service of Services) expect(queuesOf(service).length).toBeGreaterThan(0);
    expect(Topology.queues.every((q) => Services.includes(q.consumer))).toBe(true);
  });
});
