import type { QueueDeclaration, QueueSpec, QueueType } from './queue-declaration';

export interface TopologyDefaults {
  exchange: string;
  queueType: QueueType;
  deliveryLimit: number;
}

/** Name of a queue's dead-letter queue. */
export function deadLetterQueueOf(queue: QueueDeclaration): string {
  return queue.deadLetterQueue ?? `${queue.name}.dlq`;
}

/**
 * The retry queue for each retry: one queue per distinct delay, so a short wait never sits
 * behind a long one (per-message TTL only expires at the head of a queue). A single delay keeps
 * the plain name, which is how the seed's `shipping.service.retry.queue` comes out.
 */
export function retryQueuesOf(queue: QueueDeclaration): { delayMs: number; name: string }[] {
  const retry = queue.retry;
  if (!retry || retry.delaysMs.length === 0) return [];
  const base = retry.queue ?? `${queue.name}.retry`;
  const distinct = [...new Set(retry.delaysMs)];
  return distinct.map((delayMs) => ({ delayMs, name: distinct.length === 1 ? base : `${base}.${delayMs}ms` }));
}

/** The retry queue a message enters after failing attempt `attempt` (1-based), if any retry is left. */
export function retryQueueFor(queue: QueueDeclaration, attempt: number): { delayMs: number; name: string } | undefined {
  const delays = queue.retry?.delaysMs ?? [];
  const delayMs = delays[attempt - 1];
  if (delayMs === undefined) return undefined;
  return retryQueuesOf(queue).find((q) => q.delayMs === delayMs);
}

/** Attempts a message gets on this queue: the first delivery plus one per retry delay. */
export function maxAttemptsOf(queue: QueueDeclaration): number {
  return (queue.retry?.delaysMs.length ?? 0) + 1;
}

/**
 * Every queue a declaration needs, with its arguments. Dead-lettering from quorum queues is
 * declared `at-least-once` (it requires `reject-publish` overflow); the broker's default,
 * at-most-once, can lose a message on its way to the retry target or DLQ.
 */
export function queueSpecsOf(queue: QueueDeclaration, defaults: TopologyDefaults): QueueSpec[] {
  const type = queue.type ?? defaults.queueType;
  const exchange = queue.exchange ?? defaults.exchange;
  const typeArgs = (deadLetterTo?: string): Record<string, unknown> => {
    const args: Record<string, unknown> = { 'x-queue-type': type };
    if (deadLetterTo) {
      args['x-dead-letter-exchange'] = '';
      args['x-dead-letter-routing-key'] = deadLetterTo;
      if (type === 'quorum') {
        args['x-dead-letter-strategy'] = 'at-least-once';
        args['x-overflow'] = 'reject-publish';
      }
    }
    return args;
  };
  const dlq = deadLetterQueueOf(queue);
  const work: QueueSpec = {
    name: queue.name,
    role: 'work',
    arguments: {
      ...typeArgs(dlq),
      ...(type === 'quorum' ? { 'x-delivery-limit': queue.deliveryLimit ?? defaults.deliveryLimit } : {}),
    },
    bindings: queue.bindings.map((routingKey) => ({ exchange, routingKey })),
  };
  // A retry queue has no consumer: its messages expire (per-message TTL) and dead-letter back
  // to the work queue alone, not to every queue bound on the exchange.
  const retries: QueueSpec[] = retryQueuesOf(queue).map(({ name, delayMs }) => ({
    name,
    role: 'retry',
    arguments: typeArgs(queue.name),
    bindings: [],
    delayMs,
  }));
  // Same mechanism as a retry queue, but fed from the exchange: the publisher sets the TTL.
  const delays: QueueSpec[] = (queue.delays ?? []).map((delay) => ({
    name: delay.queue,
    role: 'delay',
    arguments: typeArgs(queue.name),
    bindings: delay.bindings.map((routingKey) => ({ exchange, routingKey })),
  }));
  const deadLetter: QueueSpec = { name: dlq, role: 'dead-letter', arguments: typeArgs(), bindings: [] };
  return [work, ...retries, ...delays, deadLetter];
}
