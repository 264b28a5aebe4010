// @ecom/rabbit: a validating, confirming, retrying RabbitMQ transport for NestJS.

// Module and bootstrap
export { RabbitModule } from './rabbit.module';
export { RABBIT_OPTIONS } from './rabbit.constants';
export { resolveRabbitOptions, type RabbitModuleOptions, type ResolvedRabbitOptions } from './rabbit.options';
export { connectRabbitTransport, type ConnectRabbitTransportOptions } from './bootstrap/connect-rabbit-transport';
export { RabbitExceptionFilter } from './bootstrap/rabbit-exception.filter';
export { runService, type RunServiceOptions } from './bootstrap/run-service';

// Connection and topology
export { AmqpConnection, FatalSetupError, type AmqpConnectionOptions } from './connection/amqp-connection';
export type { ExchangeDeclaration, QueueDeclaration, QueueSpec, QueueType, RetryDeclaration } from './topology/queue-declaration';
export { deadLetterQueueOf, maxAttemptsOf, queueSpecsOf, retryQueueFor, retryQueuesOf } from './topology/queue-topology';
export { declareTopology } from './topology/declare-topology';

// Publishing
export { RabbitPublisher, type RabbitPublisherOptions } from './publisher/rabbit.publisher';
export { buildEventMessage, publishedEventOf, type OutgoingMessage, type PublishedEvent, type PublishOptions } from './publisher/outgoing-message';
export { RabbitClient } from './client/rabbit.client';

// The wire format: envelope attributes in AMQP properties and headers, the data alone in the body
export { AmqpHeader, fromAmqpProperties, toAmqpProperties, type AmqpProperties, type EnvelopeAttributes, type EnvelopeMetadata } from './envelope/amqp-envelope';

// Contracts: what events are validated against, and what publishing is typed with
export {
  violationsOf,
  type DefaultEvents,
  type EventContracts,
  type EventKey,
  type EventMap,
  type EventPayload,
  type EventViolation,
  type RegisteredEvents,
} from './contracts/event-contracts';

// Consuming
export { RabbitTransport } from './consumer/rabbit.transport';
export { RabbitContext, type DeliveryInfo } from './consumer/rabbit.context';
export { DeathReason, RabbitHeader } from './retry/rabbit-headers';

// Exactly-once
export { Inbox, type HandledMessage, type HandleOnceResult } from './inbox/inbox';
export type { InboxStore, MessageStore, TransactionRunner } from './inbox/inbox.store';
export { Outbox } from './outbox/outbox';
export { OutboxRelay } from './outbox/outbox-relay';
export type { NewOutboxRecord, OutboxRecord, OutboxStore } from './outbox/outbox.store';

// Observability
export { currentMessageContext, runInMessageContext, type MessageContext } from './context/message-context';
export { JsonLogger, type JsonLoggerOptions } from './logging/json-logger';
export { RabbitMetrics } from './metrics/rabbit.metrics';
export { RabbitHealthIndicator } from './health/rabbit.health-indicator';

// Errors
export * from './errors/rabbit.errors';
export { isTransientFailure, type TransientFailureClassifier } from './errors/transient-failure';
