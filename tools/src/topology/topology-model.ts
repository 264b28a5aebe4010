import { Topology, type QueueTopology } from '@ecom/contracts';
import type { QueueDeclaration, QueueType } from '@ecom/rabbit';
import { deadLetterQueueOf, maxAttemptsOf, queueSpecsOf, resolveRabbitOptions, type QueueSpec } from '@ecom/rabbit/topology';
import { toQueueDeclaration } from '@ecom/service-kit';

/** The delays the services retry with unless configured otherwise. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [30_000, 30_000, 30_000];

export interface TopologyModelOptions {
  retryDelaysMs?: readonly number[];
  /** Defaults: the transport's own (`resolveRabbitOptions`). */
  queueType?: QueueType;
  deliveryLimit?: number;
}

/** One consumed queue with everything declared for it. */
export interface TopologyQueueView {
  consumer: string;
  declaration: QueueDeclaration;
  /** Work queue, retry queue(s), dead-letter queue, as the transport declares them. */
  specs: QueueSpec[];
  deadLetterQueue: string;
  maxAttempts: number;
}

export interface TopologyView {
  exchange: { name: string; type: 'topic' };
  queueType: QueueType;
  deliveryLimit: number;
  queues: TopologyQueueView[];
}

/**
 * The declaration a service builds from a contracts topology entry: the services' own function
 * (`serviceModules` declares `queuesOf(service).map((q) => toQueueDeclaration(q, retryDelaysMs))`).
 */
export function queueDeclarationOf(entry: QueueTopology, retryDelaysMs: readonly number[]): QueueDeclaration {
  return toQueueDeclaration(entry, retryDelaysMs);
}

/** The broker layout from the same data and the same expansion the services use. */
export function buildTopologyView(
  topology: { readonly exchange: string; readonly queues: readonly QueueTopology[] } = Topology,
  options: TopologyModelOptions = {},
): TopologyView {
  const transport = resolveRabbitOptions({ url: 'amqp://unused', service: 'topology', exchange: topology.exchange });
  const defaults = {
    exchange: topology.exchange,
    queueType: options.queueType ?? transport.queueType,
    deliveryLimit: options.deliveryLimit ?? transport.deliveryLimit,
  };
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  return {
    exchange: { name: topology.exchange, type: 'topic' },
    queueType: defaults.queueType,
    deliveryLimit: defaults.deliveryLimit,
    queues: topology.queues.map((entry) => {
      const declaration = queueDeclarationOf(entry, delays);
      return {
        consumer: entry.consumer,
        declaration,
        specs: queueSpecsOf(declaration, defaults),
        deadLetterQueue: deadLetterQueueOf(declaration),
        maxAttempts: maxAttemptsOf(declaration),
      };
    }),
  };
}

/** Parses `30000,30000,30000`; an empty string means no retries. */
export function parseRetryDelays(value: string): number[] {
  if (value.trim() === '') return [];
  return value.split(',').map((part) => {
    const delay = Number(part.trim());
    if (!Number.isInteger(delay) || delay < 0) throw new Error(`not a delay in ms: '${part}'`);
    return delay;
  });
}

/** Which failed attempts (1-based) go to the retry queue with this delay. */
export function attemptsRetriedAfter(declaration: QueueDeclaration, delayMs: number): number[] {
  const delays = declaration.retry?.delaysMs ?? [];
  return delays.flatMap((delay, index) => (delay === delayMs ? [index + 1] : []));
}
