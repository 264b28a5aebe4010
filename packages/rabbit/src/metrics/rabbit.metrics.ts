import { Counter, Histogram, Registry, register as globalRegistry } from 'prom-client';

/** What a bound counter does on the hot path. */
export interface CounterChild {
  inc(value?: number): void;
}
type HistogramChild = ReturnType<Histogram<string>['labels']>;

/**
 * A counter bound to one label set that only adds to a number; the Counter takes the sum when it
 * is read (its `collect`, which prom-client runs before every scrape and every `get()`). An `inc`
 * through prom-client hashes and checks the labels each time, a measurable share of a message's
 * cost when every message bumps four of them.
 */
class DeferredCounterChild implements CounterChild {
  pending = 0;
  constructor(readonly labels: Record<string, string>) {}
  inc(value = 1): void {
    this.pending += value;
  }
}

/**
 * The deferred children of each counter this module created, by label set, which its `collect`
 * hands over. One per label set, however often it is bound: no more than the Counter keeps itself.
 */
const deferredChildren = new WeakMap<Counter<string>, Map<string, DeferredCounterChild>>();

function collectDeferred(this: Counter<string>): void {
  for (const child of deferredChildren.get(this)?.values() ?? []) {
    if (child.pending === 0) continue;
    this.inc(child.labels, child.pending);
    child.pending = 0;
  }
}

/** A child of `counter` for these labels: deferred when the counter is one of ours, prom-client's own otherwise. */
function bind<L extends string>(counter: Counter<L>, labels: Record<L, string>): CounterChild {
  const children = deferredChildren.get(counter as unknown as Counter<string>);
  if (!children) return counter.labels(labels);
  const key = Object.values<string>(labels).join('\u0000');
  let child = children.get(key);
  if (!child) {
    child = new DeferredCounterChild(labels);
    children.set(key, child);
  }
  return child;
}

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
      const labels = { routing_key: routingKey, queue };
      bound = {
        consumed: bind(this.consumed, labels),
        redelivered: bind(this.redelivered, labels),
        acked: bind(this.acked, labels),
        retried: bind(this.retried, labels),
        heldForDependency: bind(this.heldForDependency, labels),
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
      const labels = { routing_key: routingKey };
      bound = {
        published: bind(this.published, labels),
        confirmed: bind(this.confirmed, labels),
        returned: bind(this.returned, labels),
      };
      this.publishers.set(routingKey, bound);
    }
    return bound;
  }

  constructor(readonly registry: Registry = globalRegistry, prefix = 'ecom_rabbit_') {
    const counter = <L extends string>(name: string, help: string, labelNames: L[]): Counter<L> => {
      const existing = registry.getSingleMetric(prefix + name) as Counter<L> | undefined;
      if (existing) return existing;
      const created = new Counter({ name: prefix + name, help, labelNames, registers: [registry], collect: collectDeferred });
      deferredChildren.set(created as unknown as Counter<string>, new Map());
      return created;
    };
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
