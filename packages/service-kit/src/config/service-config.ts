import { Type, type Static, type TObject } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { SecurityConfig } from '../security/security.config';

/** Settings every service reads; each service composes its own on top (see `loadConfig`). */
export const CommonServiceConfig = Type.Object({
  // One broker, or a cluster's nodes comma-separated (the connection fails over between them).
  AMQP_URL: Type.String({ default: 'amqp://guest:guest@127.0.0.1:5672', pattern: '^amqps?://[^,\\s]+(,\\s*amqps?://[^,\\s]+)*$' }),
  /** For amqps:// URLs: PEM files of a private CA to trust, and the client certificate and key (mutual TLS). */
  AMQP_TLS_CA_FILE: Type.Optional(Type.String({ minLength: 1 })),
  AMQP_TLS_CERT_FILE: Type.Optional(Type.String({ minLength: 1 })),
  AMQP_TLS_KEY_FILE: Type.Optional(Type.String({ minLength: 1 })),
  /** PostgreSQL URL; unset means an SQLite file per service in DATA_DIR. */
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ default: 'data', minLength: 1 }),
  /**
   * Most memory SQLite's page cache may hold. better-sqlite3 builds SQLite with 16 MB; a service's hot
   * pages (the ends of its time-ordered indexes) fit in 2, SQLite's own default, and the rest is in the
   * OS's file cache: at 100 orders/s that took order-service from 147 to 132 MB with no CPU an order
   * more at full speed (README, Benchmark). Raise it for a service that reads a large database.
   */
  SQLITE_CACHE_MB: Type.Integer({ default: 2, minimum: 1, maximum: 4_096 }),
  PREFETCH: Type.Integer({ default: 50, minimum: 1, maximum: 10_000 }),
  /**
   * How long a finished message's ack may wait to go out with others (RabbitModule's ackLingerMs).
   * Longer than the library's 20 ms: at 100 orders/s it took the broker fewer ack frames and
   * p99 POST → shipment down about a fifth (README, Benchmark), and a crash meanwhile only
   * redelivers messages the services' inboxes already absorb.
   */
  ACK_LINGER_MS: Type.Integer({ default: 100, minimum: 0, maximum: 1_000 }),
  /**
   * How often the event-loop delay monitor behind `nodejs_eventloop_lag_*` samples (prom-client's
   * default is 10 ms). Each sample wakes an idle process: at 10 ms that was most of an idle
   * service's CPU here (about 4 of its 6–7 ms a second); at 100 ms a block of the loop longer than
   * 100 ms is still always seen.
   */
  EVENT_LOOP_MONITORING_MS: Type.Integer({ default: 100, minimum: 10, maximum: 10_000 }),
  /** How long handled event ids (inbox) and sent outbox rows are kept before pruning. */
  MESSAGE_RETENTION_HOURS: Type.Number({ default: 168, exclusiveMinimum: 0 }),
  LOG_LEVEL: Type.Union([Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace')], { default: 'info' }),
  // Authentication, rate limits and body size: the same for every service (security/).
  ...SecurityConfig.properties,
});
export type CommonServiceConfig = Static<typeof CommonServiceConfig>;

/** Raised at start-up when the environment does not fit the service's config schema. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads a service's typed config from the environment: defaults filled in, strings converted to
 * numbers and booleans, and every problem listed at once before anything starts.
 */
export function loadConfig<T extends TObject>(schema: T, env: NodeJS.ProcessEnv = process.env): Static<T> {
  const known: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== '') known[key] = value;
  }
  const converted = Value.Convert(schema, Value.Default(schema, known));
  const problems = [...Value.Errors(schema, converted)].map((e) => `${e.path.slice(1) || '(root)'}: ${e.message}`);
  if (problems.length > 0) throw new ConfigError(problems);
  return converted as Static<T>;
}
