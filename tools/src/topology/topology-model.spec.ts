import { Queue, Topology } from '@ecom/contracts';
import { buildTopologyView, parseRetryDelays, queueDeclarationOf } from './topology-model';

function find<T>(items: readonly T[], match: (item: T) => boolean): T {
  const found = items.find(match);
  if (!found) throw new Error('not found');
  return found;
}

describe('queueDeclarationOf', () => {
  it('builds the declaration the services build, retry only where the topology has a retry queue', () => {
    const shipping = find(Topology.queues, (q) => q.name === Queue.Shipping);
    expect(queueDeclarationOf(shipping, [1000, 2000])).toEqual({
      name: Queue.Shipping,
      bindings: shipping.bindings,
      deadLetterQueue: Queue.ShippingFinalDlq,
      retry: { queue: Queue.ShippingRetry, delaysMs: [1000, 2000] },
    });
    const payment = find(Topology.queues, (q) => q.name === Queue.PaymentOrderCreated);
    expect(queueDeclarationOf(payment, [1000]).retry).toBeUndefined();
  });
});

describe('buildTopologyView', () => {
  it('expands every queue into work, retry and dead-letter queues with the transport defaults', () => {
    const view = buildTopologyView();
    expect(view.exchange).toEqual({ name: 'ecommerce.events', type: 'topic' });
    expect(view.queueType).toBe('quorum');
    expect(view.queues).toHaveLength(Topology.queues.length);
    const shipping = find(view.queues, (q) => q.declaration.name === Queue.Shipping);
    expect(shipping.consumer).toBe('shipping-service');
    expect(shipping.maxAttempts).toBe(4);
    expect(shipping.specs.map((s) => [s.name, s.role])).toEqual([
      [Queue.Shipping, 'work'],
      [Queue.ShippingRetry, 'retry'],
      [Queue.ShippingFinalDlq, 'dead-letter'],
    ]);
    expect(shipping.specs[0].arguments).toMatchObject({
      'x-queue-type': 'quorum',
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': Queue.ShippingFinalDlq,
    });
    expect(shipping.specs[1]).toMatchObject({ delayMs: 30_000, arguments: { 'x-dead-letter-routing-key': Queue.Shipping } });
  });

  it('names one retry queue per distinct delay', () => {
    const view = buildTopologyView(undefined, { retryDelaysMs: [1000, 5000], queueType: 'classic' });
    const shipping = find(view.queues, (q) => q.declaration.name === Queue.Shipping);
    expect(shipping.specs.filter((s) => s.role === 'retry').map((s) => s.name)).toEqual([
      `${Queue.ShippingRetry}.1000ms`,
      `${Queue.ShippingRetry}.5000ms`,
    ]);
    expect(shipping.specs[0].arguments['x-queue-type']).toBe('classic');
    expect(shipping.specs[0].arguments).not.toHaveProperty('x-delivery-limit');
  });
});

describe('parseRetryDelays', () => {
  it('reads a comma list of milliseconds', () => {
    expect(parseRetryDelays('30000, 60000')).toEqual([30000, 60000]);
    expect(parseRetryDelays('')).toEqual([]);
    expect(() => parseRetryDelays('30s')).toThrow("not a delay in ms: '30s'");
  });
});
