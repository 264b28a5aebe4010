import type { ConsumeMessage } from 'amqplib';
import { FlowStore } from './flow.store';
import { nextStatus } from './order-status';

/** A delivery as the transport publishes it: the data in the body, the envelope in properties. */
function delivery(routingKey: string, data: { orderId?: string; [field: string]: unknown }, extra: { id?: string; causationId?: string; headers?: object } = {}): ConsumeMessage {
  return {
    content: Buffer.from(JSON.stringify(data)),
    fields: { routingKey, exchange: 'ecommerce.events', deliveryTag: 1, redelivered: false, consumerTag: 't' },
    properties: {
      messageId: extra.id ?? `${routingKey}-id`,
      correlationId: `corr-${data.orderId}`,
      appId: 'x-service',
      headers: { 'ecom-occurred-at': '2026-01-01T00:00:00.000Z', ...(extra.causationId ? { 'ecom-causation-id': extra.causationId } : {}), ...extra.headers },
    },
  } as unknown as ConsumeMessage;
}

describe('FlowStore', () => {
  it('follows an order through its events and counts it by status and cancel reason', () => {
    const store = new FlowStore({ CONSOLE_MAX_ORDERS: 100 });
    const seen: string[] = [];
    store.changes.subscribe((summary) => seen.push(summary.status ?? ''));
    store.record(delivery('order.created', { orderId: 'o1', customerId: 'CUST1', totalAmount: 10 }));
    store.record(delivery('payment.processed.successful', { orderId: 'o1' }, { causationId: 'order.created-id' }));
    store.record(delivery('inventory.stock.reserved', { orderId: 'o1' }));
    store.record(delivery('order.confirmed', { orderId: 'o1' }));
    store.record(delivery('shipping.attempt.failed', { orderId: 'o1' }, { headers: { 'ecom-attempt': 2 } }));
    store.record(delivery('shipping.shipment.created', { orderId: 'o1' }));
    store.record(delivery('order.created', { orderId: 'o2' }));
    store.record(delivery('order.cancelled', { orderId: 'o2', reason: 'customer_request' }));
    expect(seen.slice(0, 6)).toEqual(['pending', 'paid', 'paid', 'confirmed', 'confirmed', 'shipped']);
    const counts = store.counts();
    expect(counts.byStatus).toMatchObject({ shipped: 1, cancelled: 1, pending: 0 });
    expect(counts.byCancelReason).toEqual({ customer_request: 1 });
    expect(counts.totalEvents).toBe(8);
    expect(store.order('o1')?.summary).toMatchObject({ path: ['x-service'], failedAttempts: 1, customerId: 'CUST1', correlationId: 'corr-o1' });
    expect(store.order('o1')?.events[1]).toMatchObject({ causationId: 'order.created-id', service: 'x-service' });
    expect(store.order('o1')?.events[4].attempt).toBe(2);
    expect(store.orderIdOf('corr-o1')).toBe('o1');
  });

  it('reads a whole envelope in the body too (a foreign producer)', () => {
    const store = new FlowStore({ CONSOLE_MAX_ORDERS: 10 });
    const envelope = { id: 'e1', type: 'order.created', correlationId: 'c9', producer: 'elsewhere', occurredAt: '2026-01-01T00:00:00.000Z', data: { orderId: 'o9' } };
    const message = { content: Buffer.from(JSON.stringify(envelope)), fields: { routingKey: 'order.created' }, properties: { headers: {} } } as unknown as ConsumeMessage;
    expect(store.record(message)).toMatchObject({ eventId: 'e1', correlationId: 'c9', service: 'elsewhere', orderId: 'o9' });
  });

  it('takes bytes that are not an event without failing and forgets the oldest orders past the limit', () => {
    const store = new FlowStore({ CONSOLE_MAX_ORDERS: 2 });
    const junk = { content: Buffer.from('not json'), fields: { routingKey: 'x' }, properties: {} } as unknown as ConsumeMessage;
    expect(store.record(junk).orderId).toBeUndefined();
    for (const id of ['a', 'b', 'c']) store.record(delivery('order.created', { orderId: id }));
    expect(store.order('a')).toBeUndefined();
    expect(store.latest(10).map((o) => o.orderId).sort()).toEqual(['b', 'c']);
    expect(store.counts().byStatus['pending']).toBe(2);
  });
});

describe('nextStatus', () => {
  it('lets the reservation overtake the payment and never un-ships an order', () => {
    expect(nextStatus('pending', 'inventory.stock.reserved')).toBe('reserved');
    expect(nextStatus('reserved', 'payment.processed.successful')).toBe('reserved');
    expect(nextStatus('shipped', 'order.confirmed')).toBe('shipped');
    expect(nextStatus('cancelling', 'shipping.shipment.created')).toBe('shipped');
    expect(nextStatus('pending', 'payment.processed.failed')).toBe('payment_failed');
  });
});
