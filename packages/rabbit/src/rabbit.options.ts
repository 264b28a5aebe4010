import type { Registry } from 'prom-client';
import type { EventContracts } from './contracts/event-contracts';
import type { TransientFailureClassifier } from './errors/transient-failure';
import type { MessageStore } from './store/message-store';
import type { ExchangeDeclaration, QueueDeclaration, QueueType } from './topology/queue-declaration';
import type { AmqpTlsOptions } from './connection/amqp-connection';

/** Options of `RabbitModule.forRoot` / `forRootAsync`. Only `url` and `service` are required. */
export interface RabbitModuleOptions {
  /**
   * `amqp://user:pass@host:port/vhost`; for a cluster, every node's URL as a list or one
   * comma-separated string: a lost or refused connection fails over to the next node.
   */
  url: string | readonly string[];
  /** For `amqps://` URLs: a private CA, and the client certificate and key when the broker verifies peers. */
  tls?: AmqpTlsOptions;
  /** This service's name: the producer of its events, and named in dead-letter headers. */
  service: string;
  /** The exchange events are published to (a topic exchange unless `exchanges` says otherwise). */
  exchange: string;
  /**
   * What events are validated against: every publish, and every consumed event the contracts
   * know. `typeboxContracts(registry)` from `@ecom/rabbit/typebox` builds them from TypeBox schemas.
   * Without them nothing is validated (a warning says so at start).
   */
  contracts?: EventContracts;
  /** Exchanges to declare; default the topic exchange above. */
  exchanges?: readonly ExchangeDeclaration[];
  /** Queues this service consumes, with bindings, retry and dead-lettering. */
  queues?: readonly QueueDeclaration[];
  /** Default `quorum`. */
  queueType?: QueueType;
  /** Default 20. */
  prefetch?: number;
  /** Default 20 (quorum queues only). */
  deliveryLimit?: number;
  /**
   * How long a finished message's ack may wait to go out with others (one `multiple` ack); default
   * 20. On a quorum queue every ack frame is a command in the broker's log: at a low rate, when few
   * handlers finish in the same turn, this is what batches them. Acks go out sooner once half the
   * prefetch window is waiting, and on shutdown. 0 sends each turn's acks at its end. A crash
   * meanwhile redelivers those messages (the inbox absorbs them), as one between handler and ack would.
   */
  ackLingerMs?: number;
  /** Default 30 000. */
  publishTimeoutMs?: number;
  /** Default 10 000. */
  maxBufferedPublishes?: number;
  /** How long start-up waits for the first connection before it goes on and keeps trying; default 5 000. */
  startupWaitMs?: number;
  initialReconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** How long shutdown waits for in-flight handlers and confirms; default 10 000. */
  shutdownTimeoutMs?: number;
  /** The service's database, for the inbox and the outbox. Without it they are not available. */
  store?: MessageStore<unknown>;
  outbox?: {
    /** Fallback poll when no commit wakes the relay; default 1 000. */
    pollIntervalMs?: number;
    batchSize?: number;
    leaseTtlMs?: number;
    /**
     * Rows are sent by the process that committed them, right after the commit; the relay sends
     * an unsent row once it is this old (a crash, an outage); default 5 000.
     */
    recoverAfterMs?: number;
  };
  /** How long inbox records and sent outbox rows are kept; default 7 days. */
  retentionMs?: number;
  /** Registry for the metrics; default prom-client's global one. */
  metricsRegistry?: Registry;
  /**
   * Extends the library's classification of handler failures: true for transient (the consumers
   * pause and the message runs again once the dependency answers, counting no attempt), false for
   * the message's own failure, undefined to keep the default (lost connections, PostgreSQL
   * 08xxx/57P0x/40001/40P01, SQLITE_BUSY, the publisher waiting for the broker).
   */
  isTransient?: TransientFailureClassifier;
  /** What tells that the dependencies answer again after a transient failure; default the store's `ping`. */
  dependencyProbe?: () => Promise<unknown>;
}

export type ResolvedRabbitOptions = Required<
  Omit<RabbitModuleOptions, 'store' | 'metricsRegistry' | 'outbox' | 'isTransient' | 'dependencyProbe' | 'contracts' | 'tls'>
> &
  Pick<RabbitModuleOptions, 'store' | 'metricsRegistry' | 'isTransient' | 'dependencyProbe' | 'contracts' | 'tls'> & {
    outbox: Required<NonNullable<RabbitModuleOptions['outbox']>>;
  };

export function resolveRabbitOptions(options: RabbitModuleOptions): ResolvedRabbitOptions {
  if (!options.url) throw new Error('RabbitModule needs `url` (amqp://user:pass@host:port/vhost)');
  if (!options.service) throw new Error('RabbitModule needs `service`, the name this service publishes as');
  if (!options.exchange) throw new Error('RabbitModule needs `exchange`, the topic exchange events are published to');
  const exchange = options.exchange;
  return {
    url: options.url,
    service: options.service,
    exchange,
    exchanges: options.exchanges ?? [{ name: exchange, type: 'topic' }],
    queues: options.queues ?? [],
    queueType: options.queueType ?? 'quorum',
    prefetch: options.prefetch ?? 20,
    deliveryLimit: options.deliveryLimit ?? 20,
    ackLingerMs: options.ackLingerMs ?? 20,
    publishTimeoutMs: options.publishTimeoutMs ?? 30_000,
    maxBufferedPublishes: options.maxBufferedPublishes ?? 10_000,
    startupWaitMs: options.startupWaitMs ?? 5_000,
    tls: options.tls,
    initialReconnectDelayMs: options.initialReconnectDelayMs ?? 250,
    maxReconnectDelayMs: options.maxReconnectDelayMs ?? 10_000,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? 10_000,
    store: options.store,
    outbox: {
      pollIntervalMs: options.outbox?.pollIntervalMs ?? 1_000,
      batchSize: options.outbox?.batchSize ?? 200,
      leaseTtlMs: options.outbox?.leaseTtlMs ?? 15_000,
      recoverAfterMs: options.outbox?.recoverAfterMs ?? 5_000,
    },
    retentionMs: options.retentionMs ?? 7 * 24 * 3600_000,
    metricsRegistry: options.metricsRegistry,
    isTransient: options.isTransient,
    contracts: options.contracts,
    dependencyProbe: options.dependencyProbe,
  };
}
