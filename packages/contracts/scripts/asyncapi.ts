import type { TSchema } from '@sinclair/typebox';
import { AmqpHeader } from '../src/envelope';
import { Traceparent } from '../src/envelope';
import { EXCHANGE } from '../src/exchange';
import { Timestamp } from '../src/fields/timestamp';
import { Queue } from '../src/queue';
import { registeredVersions } from '../src/registry';
import type { EventName } from '../src/registry';
import { RoutingKey } from '../src/routing-key';
import { matchesRoutingKey } from '../src/routing-key-match';
import type { ServiceName } from '../src/services';
import { Topology } from '../src/topology';

const AMQP_BINDING_VERSION = '0.3.0';

// Each event has exactly one producing service; the routing key's first word names its domain.
const producers: Record<string, ServiceName> = {
  order: 'order-service',
  payment: 'payment-service',
  inventory: 'inventory-service',
  shipping: 'shipping-service',
};

/** The AsyncAPI 3.0 description of the exchange, its routing keys, queues and messages. */
export function buildAsyncApi(version: string): Record<string, unknown> {
  const events = registeredVersions();
  const messages: Record<string, unknown> = {};
  for (const { name, version: schemaVersion, schema } of events) {
    messages[messageId(name, schemaVersion)] = message(name, schemaVersion, schema);
  }

  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  for (const name of Object.values(RoutingKey)) {
    const id = routingKeyId(name);
    const versions = events.filter((e) => e.name === name);
    channels[id] = {
      address: name,
      title: name,
      description: `Routing key ${name} on the ${EXCHANGE} topic exchange.`,
      messages: Object.fromEntries(versions.map((e) => [messageId(name, e.version), { $ref: `#/components/messages/${messageId(name, e.version)}` }])),
      bindings: { amqp: routingKeyBinding() },
    };
    operations[`publish${id}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${id}` },
      summary: `${producerOf(name)} publishes ${name}.`,
      messages: versions.map((e) => ({ $ref: `#/channels/${id}/messages/${messageId(name, e.version)}` })),
      bindings: { amqp: { deliveryMode: 2, mandatory: true, timestamp: true, bindingVersion: AMQP_BINDING_VERSION } },
      'x-producer': producerOf(name),
    };
  }

  for (const queue of Topology.queues) {
    const id = queueId(queue.name);
    const received = events.filter((e) => queue.bindings.some((pattern) => matchesRoutingKey(pattern, e.name)));
    channels[id] = {
      address: queue.name,
      title: queue.name,
      description: `Queue of ${queue.consumer}, bound to ${queue.bindings.join(', ')}.`,
      messages: Object.fromEntries(received.map((e) => [messageId(e.name, e.version), { $ref: `#/components/messages/${messageId(e.name, e.version)}` }])),
      bindings: {
        amqp: {
          is: 'queue',
          queue: { name: queue.name, durable: true, exclusive: false, autoDelete: false, vhost: '/' },
          bindingVersion: AMQP_BINDING_VERSION,
        },
      },
      'x-exchange': EXCHANGE,
      'x-binding-keys': queue.bindings,
      'x-dead-letter-queue': queue.deadLetterQueue,
      ...(queue.retryQueue === undefined ? {} : { 'x-retry-queue': queue.retryQueue }),
    };
    operations[`${camel(queue.consumer)}Consumes${id}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${id}` },
      summary: `${queue.consumer} consumes ${queue.name}.`,
      messages: received.map((e) => ({ $ref: `#/channels/${id}/messages/${messageId(e.name, e.version)}` })),
      bindings: { amqp: { ack: true, bindingVersion: AMQP_BINDING_VERSION } },
      'x-consumer': queue.consumer,
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'ecommerce.events',
      version,
      description:
        `Events of the e-commerce flow on the ${EXCHANGE} topic exchange. Bodies are the JSON payload only; ` +
        'envelope attributes travel as AMQP properties and the headers documented on each message (see @ecom/contracts README).',
    },
    defaultContentType: 'application/json',
    servers: {
      rabbitmq: { host: 'localhost:5672', protocol: 'amqp', protocolVersion: '0.9.1', description: 'Local broker; deployments set AMQP_URL.' },
    },
    channels,
    operations,
    components: { messages },
  };
}

function message(name: EventName, version: number, schema: TSchema): Record<string, unknown> {
  return {
    name,
    title: `${name} v${version}`,
    summary: typeof schema.description === 'string' ? schema.description : name,
    contentType: 'application/json',
    headers: {
      type: 'object',
      properties: {
        [AmqpHeader.SchemaVersion]: { type: 'integer', const: version },
        [AmqpHeader.OccurredAt]: plain(Timestamp),
        [AmqpHeader.CausationId]: { type: 'string', maxLength: 128 },
        [AmqpHeader.Traceparent]: plain(Traceparent),
      },
      required: [AmqpHeader.SchemaVersion],
    },
    payload: plain(schema),
    bindings: { amqp: { contentEncoding: 'utf-8', messageType: name, bindingVersion: AMQP_BINDING_VERSION } },
  };
}

function routingKeyBinding(): Record<string, unknown> {
  return {
    is: 'routingKey',
    exchange: { name: EXCHANGE, type: 'topic', durable: true, autoDelete: false, vhost: '/' },
    bindingVersion: AMQP_BINDING_VERSION,
  };
}

function plain(schema: TSchema): unknown {
  return JSON.parse(JSON.stringify(schema));
}

function producerOf(name: string): ServiceName {
  return producers[name.split('.')[0]];
}

function messageId(name: string, version: number): string {
  return `${routingKeyId(name)}V${version}`;
}

function routingKeyId(name: string): string {
  const entry = Object.entries(RoutingKey).find(([, key]) => key === name);
  return entry ? entry[0] : name.replace(/\W/g, '_');
}

function queueId(name: string): string {
  const entry = Object.entries(Queue).find(([, queue]) => queue === name);
  return `${entry ? entry[0] : name.replace(/\W/g, '_')}Queue`;
}

function camel(service: string): string {
  return service.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}
