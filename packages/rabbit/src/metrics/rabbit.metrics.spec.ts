import { Counter, Registry } from 'prom-client';
import { RabbitMetrics } from './rabbit.metrics';

async function valueOf(counter: Counter<string>, labels: Record<string, string>): Promise<number | undefined> {
  const { values } = await counter.get();
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

describe('RabbitMetrics', () => {
  it('counts through bound children, and a scrape or get() sees every count', async () => {
    const registry = new Registry();
    const metrics = new RabbitMetrics(registry);
    const consumer = metrics.forConsumer('order.created', 'payments');
    consumer.consumed.inc();
    consumer.consumed.inc();
    consumer.acked.inc(3);
    metrics.forPublisher('order.created').published.inc();
    expect(await registry.metrics()).toContain('ecom_rabbit_consumed_total{routing_key="order.created",queue="payments"} 2');
    expect(await valueOf(metrics.acked, { routing_key: 'order.created', queue: 'payments' })).toBe(3);
    expect(await valueOf(metrics.published, { routing_key: 'order.created' })).toBe(1);
    // Counts after a read add to what was read, once.
    consumer.consumed.inc();
    expect(await valueOf(metrics.consumed, { routing_key: 'order.created', queue: 'payments' })).toBe(3);
    expect(await valueOf(metrics.consumed, { routing_key: 'order.created', queue: 'payments' })).toBe(3);
  });

  it('adds up the counts of two instances on one registry, and of prom-client calls beside them', async () => {
    const registry = new Registry();
    const first = new RabbitMetrics(registry);
    const second = new RabbitMetrics(registry);
    expect(second.consumed).toBe(first.consumed);
    first.forConsumer('a', 'q').consumed.inc();
    second.forConsumer('a', 'q').consumed.inc(2);
    first.consumed.inc({ routing_key: 'a', queue: 'q' }, 4);
    expect(await valueOf(first.consumed, { routing_key: 'a', queue: 'q' })).toBe(7);
  });

  it('keeps one child per label set, however often the cache of bound labels starts over', async () => {
    const registry = new Registry();
    const metrics = new RabbitMetrics(registry);
    for (let i = 0; i < 2_500; i++) metrics.forConsumer(`key.${i % 1_200}`, 'q').consumed.inc();
    const { values } = await metrics.consumed.get();
    expect(values).toHaveLength(1_200);
    expect(values.reduce((sum, v) => sum + v.value, 0)).toBe(2_500);
  });

  it('counts at once through prom-client when the registry already held a counter of that name from elsewhere', async () => {
    const registry = new Registry();
    const foreign = new Counter({ name: 'ecom_rabbit_consumed_total', help: 'theirs', labelNames: ['routing_key', 'queue'], registers: [registry] });
    const metrics = new RabbitMetrics(registry);
    expect(metrics.consumed).toBe(foreign);
    metrics.forConsumer('a', 'q').consumed.inc();
    // Its collect is not ours: a deferred count would never show.
    expect(await valueOf(foreign, { routing_key: 'a', queue: 'q' })).toBe(1);
  });
});
