// @ecom/rabbit: a validating, confirming, retrying RabbitMQ transport for NestJS, with inbox and
// outbox, generic over a team's own event contracts. Subpaths: `/typebox` (contracts from TypeBox
// schemas), `/kysely` (the inbox/outbox store on Kysely), `/health` (terminus indicator),
// `/tracing` (trace context helpers), `/topology` (the declared broker layout, for tooling),
// `/testing` (waitFor).

// Module
export { RabbitModule } from './rabbit.module';
export type { RabbitModuleOptions } from './rabbit.options';
export type { AmqpTlsOptions } from './connection/amqp-connection';
export { connectRabbitTransport, type ConnectRabbitTransportOptions } from './bootstrap/connect-rabbit-transport';
export type { ExchangeDeclaration, QueueDeclaration, QueueType, RetryDeclaration } from './topology/queue-declaration';

// Contracts: what events are validated against, and what publishing is typed with
export type {
  DefaultEvents,
  EventContracts,
  EventKey,
  EventMap,
  EventPayload,
  EventViolation,
  RegisteredEvents,
} from './contracts/event-contracts';

// Publishing
export { RabbitPublisher } from './publisher/rabbit.publisher';
export type { PublishedEvent, PublishOptions } from './publisher/outgoing-message';
export { RabbitClient } from './client/rabbit.client';

// Consuming
export { RabbitTransport } from './consumer/rabbit.transport';
export { RabbitContext, type DeliveryInfo } from './consumer/rabbit.context';
export { DeathReason, RabbitHeader } from './retry/rabbit-headers';

// Exactly once
export { Inbox, type HandledMessage, type HandleOnceResult } from './inbox/inbox';
export { Outbox } from './outbox/outbox';
export type { InboxStore } from './store/inbox.store';
export type { MessageStore, TransactionRunner } from './store/message-store';
export type { NewOutboxRecord, OutboxRecord, OutboxStore } from './store/outbox.store';

// The wire format: envelope attributes in AMQP properties and headers, the data alone in the body
export { AmqpHeader, fromAmqpProperties, toAmqpProperties, type AmqpProperties, type EnvelopeAttributes, type EnvelopeMetadata } from './envelope/amqp-envelope';

// Observability
export { currentMessageContext, runInMessageContext, type MessageContext } from './context/message-context';
export { RabbitMetrics } from './metrics/rabbit.metrics';

// Errors
export {
  EventValidationError,
  isNonRetryable,
  NonRetryableError,
  PublishBufferFullError,
  PublisherClosedError,
  PublishNackedError,
  PublishTimeoutError,
  RabbitError,
  TopologyMismatchError,
  UnroutableMessageError,
} from './errors/rabbit.errors';
export { isTransientFailure, type TransientFailureClassifier } from './errors/transient-failure';
