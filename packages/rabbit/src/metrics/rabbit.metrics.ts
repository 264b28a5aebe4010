import { Counter, Histogram, Registry, register as globalRegistry } from 'prom-client';

/** The library's Prometheus metrics, labelled by routing key and queue. */
export class RabbitMetrics {
  readonly published: Counter<'routing_key'>;
  readonly confirmed: Counter<'routing_key'>;
  readonly returned: Counter<'routing_key'>;
  readonly consumed: Counter<'routing_key' | 'queue'>;
  readonly redelivered: Counter<'routing_key' | 'queue'>;
  readonly acked: Counter<'routing_key' | 'queue'>;
  readonly retried: Counter<'routing_key' | 'queue'>;
  readonly deadLettered: Counter<'routing_key' | 'queue' | 'reason'>;
  readonly duplicates: Counter<'consumer'>;
  readonly handlerDuration: Histogram<'routing_key' | 'queue' | 'outcome'>;

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
