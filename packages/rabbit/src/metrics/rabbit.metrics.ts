import { Counter, Histogram, Registry, register as globalRegistry } from 'prom-client';

type CounterChild = ReturnType<Counter<string>['labels']>;
type HistogramChild = ReturnType<Histogram<string>['labels']>;

/** The consumer's metrics for one routing key on one queue, bound once. */
export interface ConsumerMetrics {
  consumed: CounterChild;
  redelivered: CounterChild;
  acked: CounterChild;
  retried: CounterChild;
  heldForDependency: CounterChild;
  succeeded: HistogramChild;
  failed: HistogramChild;
}

/** The publisher's metrics for one routing key, bound once. */
export interface PublisherMetrics {
  published: CounterChild;
  confirmed: CounterChild;
  returned: CounterChild;
}

/** Routing keys come from producers; past this many label sets the caches start over. */
const MAX_CACHED_LABEL_SETS = 1_000;

/** The library's Prometheus metrics, labelled by routing key and queue. */
export class RabbitMetrics {
  readonly published: Counter<'routing_key'>;
  readonly confirmed: Counter<'routing_key'>;
  readonly returned: Counter<'routing_key'>;
  readonly consumed: Counter<'routing_key' | 'queue'>;
  readonly redelivered: Counter<'routing_key' | 'queue'>;
  readonly acked: Counter<'routing_key' | 'queue'>;
  readonly retried: Counter<'routing_key' | 'queue'>;
  readonly heldForDependency: Counter<'routing_key' | 'queue'>;
  readonly deadLettered: Counter<'routing_key' | 'queue' | 'reason'>;
  readonly duplicates: Counter<'consumer'>;
  readonly handlerDuration: Histogram<'routing_key' | 'queue' | 'outcome'>;

  private readonly consumers = new Map<string, ConsumerMetrics>();
  private readonly publishers = new Map<string, PublisherMetrics>();

  /**
   * Label children bound once per routing key and queue: resolving labels on every message
   * (hashing the label object) was a measurable share of the per-message cost.
   */
  forConsumer(routingKey: string, queue: string): ConsumerMetrics {
    const key = `${routingKey}\u0000${queue}`;
    let bound = this.consumers.get(key);
    if (!bound) {
      if (this.consumers.size >= MAX_CACHED_LABEL_SETS) this.consumers.clear();
      bound = {
        consumed: this.consumed.labels(routingKey, queue),
        redelivered: this.redelivered.labels(routingKey, queue),
        acked: this.acked.labels(routingKey, queue),
        retried: this.retried.labels(routingKey, queue),
        heldForDependency: this.heldForDependency.labels(routingKey, queue),
        succeeded: this.handlerDuration.labels(routingKey, queue, 'success'),
        failed: this.handlerDuration.labels(routingKey, queue, 'failure'),
      };
      this.consumers.set(key, bound);
    }
    return bound;
  }

  forPublisher(routingKey: string): PublisherMetrics {
    let bound = this.publishers.get(routingKey);
    if (!bound) {
      if (this.publishers.size >= MAX_CACHED_LABEL_SETS) this.publishers.clear();
      bound = {
        published: this.published.labels(routingKey),
        confirmed: this.confirmed.labels(routingKey),
        returned: this.returned.labels(routingKey),
      };
      this.publishers.set(routingKey, bound);
    }
    return bound;
  }

  constructor(readonly registry: Registry = globalRegistry, prefix = 'ecom_rabbit_') {
    const counter = <L extends string>(name: string, help: string, labelNames: L[]): Counter<L> =>
      (registry.getSingleMetric(prefix + name) as Counter<L> | undefined) ??
      new Counter({ name: prefix + name, help, labelNames, registers: [registry] });
    this.published = counter('published_total', 'Messages sent to the broker', ['routing_key']);
    this.confirmed = counter('confirmed_total', 'Messages the broker confirmed', ['routing_key']);
    this.returned = counter('returned_total', 'Mandatory messages returned as unroutable', ['routing_key']);
    this.consumed = counter('consumed_total', 'Messages delivered to this service', ['routing_key', 'queue']);
    this.redelivered = counter('redelivered_total', 'Deliveries flagged as redelivered', ['routing_key', 'queue']);
    this.acked = counter('acked_total', 'Messages acknowledged after their handler succeeded', ['routing_key', 'queue']);
    this.retried = counter('retried_total', 'Messages sent to a retry queue', ['routing_key', 'queue']);
    this.heldForDependency = counter(
      'held_for_dependency_total',
      'Handler runs that failed transiently (database or broker away) and waited to run again',
      ['routing_key', 'queue'],
    );
    this.deadLettered = counter('dead_lettered_total', 'Messages sent to a dead-letter queue', [
      'routing_key',
      'queue',
      'reason',
    ]);
    this.duplicates = counter('duplicates_absorbed_total', 'Redelivered events the inbox recognised', ['consumer']);
    this.handlerDuration =
      (registry.getSingleMetric(prefix + 'handler_duration_seconds') as Histogram<'routing_key' | 'queue' | 'outcome'>) ??
      new Histogram({
        name: prefix + 'handler_duration_seconds',
        help: 'Time spent in message handlers',
        labelNames: ['routing_key', 'queue', 'outcome'],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [registry],
      });
  }
}
