// @ecom/rabbit/topology: the broker layout the transport declares for a set of queue declarations
// (work queues, retry and dead-letter queues, their arguments), for tools that draw or check it.
export { deadLetterQueueOf, maxAttemptsOf, queueSpecsOf, retryQueueFor, retryQueuesOf } from './queue-topology';
export type { ExchangeDeclaration, QueueDeclaration, QueueSpec, QueueType, RetryDeclaration } from './queue-declaration';
export { resolveRabbitOptions, type ResolvedRabbitOptions } from '../rabbit.options';
export { matchesRoutingKey } from './routing-key-match';
