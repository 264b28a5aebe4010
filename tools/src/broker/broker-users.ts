import { EXCHANGE, publishedBy, queuesOf, Services, Topology, type QueueTopology, type ServiceName } from '@ecom/contracts';

/** One broker user and what it may do, as `rabbitmqctl set_permissions` / `set_topic_permissions` take it. */
export interface BrokerUser {
  name: string;
  /** Dev default, or BROKER_PASSWORD_<ROLE> from the environment. */
  password: string;
  configure: string;
  write: string;
  read: string;
  /** Routing keys it may publish on the topic exchange (RabbitMQ topic authorisation). */
  topicWrite: string;
}

/** Roles that get a user: the five services, the console and the dlq CLI. */
export type BrokerRole = ServiceName | 'flow-console' | 'dlq-cli';
export const BROKER_ROLES: readonly BrokerRole[] = [...Services, 'flow-console', 'dlq-cli'];

// Publishing on the default exchange (the library's retry and dead-letter forwards, by queue name)
// is checked against this resource name.
const DEFAULT_EXCHANGE = 'amq.default';
const NOTHING = '^$';

const escape = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const anyOf = (names: readonly string[]) => (names.length === 0 ? NOTHING : `^(${[...new Set(names)].map(escape).join('|')})$`);

/** Every queue a service owns: its consumer queues and their dead-letter, retry and delay queues. */
export function ownedQueues(service: ServiceName): string[] {
  return queuesOf(service).flatMap((q: QueueTopology) => [q.name, q.deadLetterQueue, ...(q.retryQueue ? [q.retryQueue] : [])]);
}

/** User names are `<prefix><role>`; the prefix (default `ecom-`) keeps parallel test runs apart. */
export const userName = (role: BrokerRole, prefix = 'ecom-') => `${prefix}${role}`;
export const passwordVariable = (role: BrokerRole) => `BROKER_PASSWORD_${role.toUpperCase().replace(/-/g, '_')}`;

/** The local development password: only ever a default for a broker on this machine. */
export const devPassword = (role: BrokerRole) => `ecom-${role}-dev`;

/**
 * Least privilege from the topology the services declare:
 * - a service configures only its own queues (and the exchange, whose idempotent declare needs
 *   configure), writes to the exchange, the default exchange and its own queues (binding needs
 *   write on the queue), reads only its own queues (and the exchange, for binding), and publishes
 *   only its own routing keys (topic permission);
 * - the console and the dlq CLI configure nothing, read the dead-letter queues, and republish
 *   anything (a replay goes back on the routing key it failed on).
 */
export function brokerUsers(env: NodeJS.ProcessEnv = process.env, prefix = 'ecom-'): BrokerUser[] {
  const password = (role: BrokerRole) => env[passwordVariable(role)] || devPassword(role);
  const services = Services.map((service): BrokerUser => {
    const queues = ownedQueues(service);
    return {
      name: userName(service, prefix),
      password: password(service),
      configure: anyOf([EXCHANGE, ...queues]),
      write: anyOf([EXCHANGE, DEFAULT_EXCHANGE, ...queues]),
      read: anyOf([EXCHANGE, ...queues]),
      topicWrite: anyOf(publishedBy(service)),
    };
  });
  const deadLetterQueues = Topology.queues.map((q) => q.deadLetterQueue);
  const operators = (['flow-console', 'dlq-cli'] as const).map(
    (role): BrokerUser => ({
      name: userName(role, prefix),
      password: password(role),
      configure: NOTHING,
      write: anyOf([EXCHANGE, DEFAULT_EXCHANGE]),
      read: anyOf(deadLetterQueues),
      topicWrite: '.*',
    }),
  );
  return [...services, ...operators];
}

/** The `rabbitmqctl` calls that create the users and set their permissions in `vhost`. */
export function permissionCommands(user: BrokerUser, vhost: string): string[][] {
  return [
    ['set_permissions', '-p', vhost, user.name, user.configure, user.write, user.read],
    ['set_topic_permissions', '-p', vhost, user.name, EXCHANGE, user.topicWrite, '.*'],
  ];
}

/** An AMQP URL for a role's user on a broker URL (its host, port, vhost and TLS kept). */
export function urlFor(user: BrokerUser, brokerUrl: string): string {
  const url = new URL(brokerUrl);
  url.username = encodeURIComponent(user.name);
  url.password = encodeURIComponent(user.password);
  return url.toString();
}
