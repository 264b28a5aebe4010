import { join } from 'node:path';
import type { QueueTopology, ServiceName } from '@ecom/contracts';
import { EXCHANGE, queuesOf } from '@ecom/contracts';
import { ecomContracts } from '@ecom/contracts/validation';
import type { DynamicModule } from '@nestjs/common';
import { Registry } from 'prom-client';
import type { Migration } from 'kysely';
import { DatabaseHealthIndicator, DatabaseModule } from './database/database.module';
import { KyselyMessageStore } from '@ecom/rabbit/kysely';
import { OpsModule } from './ops/ops.module';
import { amqpTlsOf, amqpUrlOf } from './config/amqp-url';
import { SecurityModule } from './security/security.module';
import { RabbitModule } from '@ecom/rabbit';
import type { QueueDeclaration } from '@ecom/rabbit';
import type { CommonServiceConfig } from './config/service-config';

export interface ServiceModulesOptions {
  service: ServiceName;
  config: CommonServiceConfig;
  migrations: Record<string, Migration>;
  /** Delays of the retry queue, for queues whose topology declares one. */
  retryDelaysMs?: readonly number[];
}

/** A queue of the shared topology as the transport declares it. */
export function toQueueDeclaration(queue: QueueTopology, retryDelaysMs: readonly number[] = []): QueueDeclaration {
  return {
    name: queue.name,
    bindings: queue.bindings,
    deadLetterQueue: queue.deadLetterQueue,
    ...(queue.retryQueue && retryDelaysMs.length > 0 ? { retry: { queue: queue.retryQueue, delaysMs: retryDelaysMs } } : {}),
  };
}

/**
 * The infrastructure every service has, wired the same way: its database (migrated, with the
 * inbox/outbox store), the messaging module consuming the service's queues from the shared
 * topology, health/metrics, and the HTTP guards (JWT authentication, per-client rate limits). The service adds its feature modules beside these.
 */
export function serviceModules(options: ServiceModulesOptions): DynamicModule[] {
  const { service, config } = options;
  // One registry an app, not prom-client's global one: two apps in one process (tests, an embedding
  // host) each count their own, and /metrics serves exactly this app's.
  const metrics = new Registry();
  return [
    DatabaseModule.forRoot({
      databaseUrl: config.DATABASE_URL,
      sqliteFile: join(config.DATA_DIR, `${service}.sqlite`),
      sqliteCacheMb: config.SQLITE_CACHE_MB,
      pgSchema: service.replace(/-/g, '_'),
      migrations: options.migrations,
    }),
    RabbitModule.forRootAsync({
      inject: [KyselyMessageStore],
      useFactory: (store: KyselyMessageStore<unknown>) => ({
        url: amqpUrlOf(service, config.AMQP_URL),
        tls: amqpTlsOf(config),
        service,
        exchange: EXCHANGE,
        contracts: ecomContracts,
        prefetch: config.PREFETCH,
        ackLingerMs: config.ACK_LINGER_MS,
        retentionMs: config.MESSAGE_RETENTION_HOURS * 3_600_000,
        queues: queuesOf(service).map((queue) => toQueueDeclaration(queue, options.retryDelaysMs)),
        store,
        metricsRegistry: metrics,
      }),
    }),
    OpsModule.forRoot({ service, readiness: [DatabaseHealthIndicator], eventLoopMonitoringMs: config.EVENT_LOOP_MONITORING_MS, registry: metrics }),
    SecurityModule.forRoot(config),
  ];
}
