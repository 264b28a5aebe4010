import { maxAttemptsOf, queueSpecsOf, retryQueueFor, retryQueuesOf } from './queue-topology';

const defaults = { exchange: 'ex', queueType: 'quorum' as const, deliveryLimit: 20 };

describe('queue topology', () => {
  const shipping = {
    name: 'shipping.service.queue',
    bindings: ['payment.processed.successful'],
    deadLetterQueue: 'shipping.service.final.dlq',
    retry: { queue: 'shipping.service.retry.queue', delaysMs: [30_000, 30_000, 30_000] },
  };

  it("yields the seed's shipping queues from one declaration", () => {
    const specs = queueSpecsOf(shipping, defaults);
    expect(specs.map((s) => [s.name, s.role])).toEqual([
      ['shipping.service.queue', 'work'],
      ['shipping.service.retry.queue', 'retry'],
      ['shipping.service.final.dlq', 'dead-letter'],
    ]);
    expect(specs[0].arguments).toMatchObject({
      'x-queue-type': 'quorum',
      'x-dead-letter-routing-key': 'shipping.service.final.dlq',
      'x-dead-letter-strategy': 'at-least-once',
      'x-overflow': 'reject-publish',
    });
    expect(specs[1].arguments['x-dead-letter-routing-key']).toBe('shipping.service.queue');
    expect(specs[0].bindings).toEqual([{ exchange: 'ex', routingKey: 'payment.processed.successful' }]);
    expect(maxAttemptsOf(shipping)).toBe(4);
  });

  it('gives each distinct delay its own retry queue', () => {
    const queue = { name: 'q', bindings: [], retry: { delaysMs: [1000, 5000, 5000] } };
    expect(retryQueuesOf(queue)).toEqual([
      { delayMs: 1000, name: 'q.retry.1000ms' },
      { delayMs: 5000, name: 'q.retry.5000ms' },
    ]);
    expect(retryQueueFor(queue, 1)?.name).toBe('q.retry.1000ms');
    expect(retryQueueFor(queue, 3)?.name).toBe('q.retry.5000ms');
    expect(retryQueueFor(queue, 4)).toBeUndefined();
  });

  it('defaults the dead-letter queue to <queue>.dlq and leaves classic queues without quorum arguments', () => {
    const specs = queueSpecsOf({ name: 'q', bindings: ['a'], type: 'classic' }, defaults);
    expect(specs.map((s) => s.name)).toEqual(['q', 'q.dlq']);
    expect(specs[0].arguments).toEqual({
      'x-queue-type': 'classic',
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': 'q.dlq',
    });
  });
});
