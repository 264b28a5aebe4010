import { hostname } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { isObservable, lastValueFrom } from 'rxjs';
import { AmqpConnection, FatalSetupError } from '../connection/amqp-connection';
import { violationsOf } from '../contracts/event-contracts';
import { runInMessageContext } from '../context/message-context';
import { isNonRetryable, TopologyMismatchError } from '../errors/rabbit.errors';
import { isTransientFailure } from '../errors/transient-failure';
import { RabbitMetrics, type ConsumerMetrics } from '../metrics/rabbit.metrics';
import { RabbitPublisher } from '../publisher/rabbit.publisher';
import { RABBIT_OPTIONS } from '../rabbit.constants';
import type { ResolvedRabbitOptions } from '../rabbit.options';
import {
  copyHeaders,
  DeathReason,
  MAX_STACK_LENGTH,
  RabbitHeader,
} from '../retry/rabbit-headers';
import { declareTopology } from '../topology/declare-topology';
import { extractTraceContext, inSpan, SpanKind } from '../tracing/trace-context';
import type { QueueDeclaration } from '../topology/queue-declaration';
import { matchesRoutingKey } from '../topology/routing-key-match';
import {
  deadLetterQueueOf,
  maxAttemptsOf,
  queueSpecsOf,
  retryQueueFor,
} from '../topology/queue-topology';
import { DeliverySettler } from './delivery-settler';
import { DependencyGate } from './dependency-gate';
import { readInbound, type InboundMessage } from './inbound-message';
import { RabbitContext } from './rabbit.context';

interface Consumer {
  queue: QueueDeclaration;
  channel: Channel;
  /** Undefined while paused (the dependency gate is closed). */
  tag: string | undefined;
  model: ChannelModel;
}

/**
 * Nest microservice transport over RabbitMQ. It routes on the AMQP routing key (so any producer's
 * message finds its `@EventPattern` handler), validates each message against its contract, acks
 * only after the handler succeeded, retries through broker-side delay queues and dead-letters
 * with the reason. Which queue feeds which patterns is the queue declarations' bindings.
 */
@Injectable()
export class RabbitTransport extends Server implements CustomTransportStrategy {
  protected override readonly logger = new Logger('RabbitTransport');
  private consumers: Consumer[] = [];
  /** Handlers running now; `idle` is waited on at shutdown while any are. */
  private running = 0;
  private idle: { promise: Promise<void>; resolve: () => void } | undefined;
  private readonly handlerCache = new Map<string, MessageHandler | null>();
  private stopping = false;
  private readonly host = hostname();
  private readonly closedChannels = new WeakSet<Channel>();
  /** Each consumer channel's acks, sent together (see DeliverySettler). */
  private readonly settlers = new WeakMap<Channel, DeliverySettler>();
  /** Closed while a dependency (the database, the broker under a publish) is away. */
  private readonly gate: DependencyGate;

  constructor(
    @Inject(RABBIT_OPTIONS) private readonly options: ResolvedRabbitOptions,
    private readonly connection: AmqpConnection,
    private readonly publisher: RabbitPublisher<unknown>,
    private readonly metrics: RabbitMetrics,
  ) {
    super();
    this.gate = new DependencyGate({
      probe: options.dependencyProbe ?? storeProbe(options.store),
      onClose: () => this.pauseConsumers(),
      onOpen: () => this.resumeConsumers(),
    });
    // Nest's `microservice.status` observable: what the broker connection is doing.
    connection.on('connected', () => this._status$.next('connected'));
    connection.on('disconnected', () => this._status$.next('disconnected'));
  }

  /** Declares the topology and starts consuming, now and after every reconnect. */
  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      await this.connection.addSetup((model) => this.setup(model));
      await this.connection.start(this.options.startupWaitMs);
      if (!this.connection.connected) {
        this.logger.warn(`broker not reachable yet at start-up; consuming will begin once it is`);
      }
      callback();
    } catch (error) {
      callback(error instanceof FatalSetupError ? error.cause : error);
    }
  }

  /** Stops consuming, lets in-flight handlers finish (bounded) and closes the consumer channels. */
  async close(): Promise<void> {
    this.stopping = true;
    const consumers = this.consumers;
    this.consumers = [];
    await Promise.all(consumers.filter((c) => c.tag !== undefined).map((c) => c.channel.cancel(c.tag as string).catch(() => undefined)));
    // Handlers waiting for a dependency give their messages back now rather than at the timeout.
    this.gate.stop();
    await Promise.race([
      this.whenIdle(),
      new Promise((resolve) => setTimeout(resolve, this.options.shutdownTimeoutMs).unref()),
    ]);
    // The acks of the last handlers may still be waiting (ackLingerMs): send them before the channels go.
    for (const consumer of consumers) safely(() => this.settlers.get(consumer.channel)?.flush());
    await Promise.all(consumers.map((c) => c.channel.close().catch(() => undefined)));
  }

  on(): never {
    throw new Error('RabbitTransport has no events to subscribe to; use the AmqpConnection events');
  }

  unwrap<T>(): T {
    return this.connection as T;
  }

  /** How many handlers run now. */
  get inFlightCount(): number {
    return this.running;
  }

  private async setup(model: ChannelModel): Promise<void> {
    const queues = this.options.queues;
    const specs = queues.flatMap((queue) => queueSpecsOf(queue, this.options));
    try {
      await declareTopology(model, this.options.exchanges, specs);
    } catch (error) {
      if (error instanceof TopologyMismatchError) throw new FatalSetupError(error);
      throw error;
    }
    if (this.stopping) return;
    const consumers: Consumer[] = [];
    for (const queue of queues) {
      const channel = await model.createChannel();
      channel.on('error', (error: Error) => this.logger.error({ msg: 'consumer channel error', queue: queue.name, err: error }));
      channel.on('close', () => {
        this.closedChannels.add(channel);
        this.onConsumerLost(model, channel, queue.name, 'its channel closed');
      });
      const prefetch = queue.prefetch ?? this.options.prefetch;
      await channel.prefetch(prefetch);
      // Waiting acks hold prefetch slots: past half the window they go out at once.
      const flushAt = prefetch > 0 ? Math.max(1, Math.floor(prefetch / 2)) : 1_000;
      this.settlers.set(channel, new DeliverySettler(channel, { lingerMs: this.options.ackLingerMs, flushAt }));
      consumers.push({ queue, channel, tag: undefined, model });
    }
    // While the gate is closed the channels wait unconsumed; opening it starts them.
    if (this.gate.isOpen) await Promise.all(consumers.map((consumer) => this.startConsuming(consumer)));
    this.consumers = consumers;
  }

  private async startConsuming(consumer: Consumer): Promise<void> {
    const { queue, channel, model } = consumer;
    const { consumerTag } = await channel.consume(
      queue.name,
      (message) => {
        // null: the broker cancelled the consumer (the queue was deleted, or a node went away).
        if (message) {
          this.settlers.get(channel)?.received(message);
          this.onMessage(queue, channel, message);
        }
        else this.onConsumerLost(model, channel, queue.name, 'the broker cancelled it');
      },
      { noAck: false },
    );
    consumer.tag = consumerTag;
  }

  /** Stops taking messages; the ones already taken stay unacknowledged on their channels. */
  private async pauseConsumers(): Promise<void> {
    await Promise.all(
      this.consumers.map(async (consumer) => {
        const tag = consumer.tag;
        if (!tag) return;
        consumer.tag = undefined;
        await consumer.channel.cancel(tag).catch(() => undefined);
      }),
    );
  }

  private async resumeConsumers(): Promise<void> {
    if (this.stopping) return;
    await Promise.all(
      this.consumers.filter((c) => !c.tag && !this.closedChannels.has(c.channel)).map((consumer) => this.startConsuming(consumer)),
    );
  }

  /**
   * A consumer the broker took away while the connection stayed up would leave its queue unread
   * for good. Treat it like a lost connection: reconnecting declares the topology again and
   * consumes every queue afresh.
   */
  private onConsumerLost(model: ChannelModel, channel: Channel, queue: string, why: string): void {
    if (this.stopping || !this.consumers.some((consumer) => consumer.channel === channel)) return;
    this.consumers = [];
    this.logger.warn({ msg: `consumer of ${queue} lost (${why}); reconnecting to consume again`, queue });
    // Deliberately detached: the connection's close event drives the reconnect.
    model.close().catch(() => undefined);
  }

  /** Resolves once no handler runs. */
  private whenIdle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    if (!this.idle) {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => (resolve = done));
      this.idle = { promise, resolve };
    }
    return this.idle.promise;
  }

  private finished(): void {
    if (--this.running > 0 || !this.idle) return;
    this.idle.resolve();
    this.idle = undefined;
  }

  /**
   * Starts handling one delivery. Not async, nor is anything between here and `dispatch`: Node's
   * async-context hook runs for every promise made while a storage is in use, and a message used
   * to make ten of them in this class alone before its handler ran (counted with an async hook);
   * now `dispatch` is the one async step, it counts itself finished, and the count of running
   * handlers is a number.
   */
  private onMessage(queue: QueueDeclaration, channel: Channel, message: ConsumeMessage): void {
    if (this.stopping) {
      // Delivered during shutdown, before the cancel took effect: give it back untouched.
      this.giveBack(channel, message);
      return;
    }
    const inbound = readInbound(message);
    const metrics = this.metrics.forConsumer(inbound.routingKey, queue.name);
    metrics.consumed.inc();
    if (message.fields.redelivered) metrics.redelivered.inc();
    const context = {
      correlationId: inbound.attributes.correlationId,
      eventId: inbound.attributes.id,
      routingKey: inbound.routingKey,
      queue: queue.name,
      attempt: inbound.attempt,
      traceparent: inbound.attributes.traceparent,
    };
    // A consumer span, child of the producer's trace context, around the handler and its outcome.
    const parent = extractTraceContext(message.properties.headers as Record<string, unknown> | undefined);
    const attributes = {
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': queue.name,
      'messaging.rabbitmq.destination.routing_key': inbound.routingKey,
      'messaging.message.id': inbound.attributes.id,
      'messaging.message.conversation_id': inbound.attributes.correlationId,
    };
    this.running++;
    // Not awaited: dispatch never rejects (it settles every outcome and says what escaped it).
    void inSpan(`process ${inbound.routingKey}`, SpanKind.CONSUMER, parent, attributes, () =>
      runInMessageContext(context, () => this.dispatch(queue, channel, message, inbound, metrics)),
    );
  }

  /** Handles one delivery to its end: acked, retried, dead-lettered or given back, then counted finished. */
  private async dispatch(
    queue: QueueDeclaration,
    channel: Channel,
    message: ConsumeMessage,
    inbound: InboundMessage,
    metrics: ConsumerMetrics,
  ): Promise<void> {
    try {
      let data: unknown;
      try {
        data = JSON.parse(message.content.toString('utf8'));
      } catch (error) {
        return await this.deadLetter(queue, channel, message, inbound, DeathReason.NotJson, error);
      }
      const handler = this.handlerFor(inbound.routingKey);
      if (!handler) {
        const error = new Error(`no handler for routing key '${inbound.routingKey}' on queue '${queue.name}'`);
        return await this.deadLetter(queue, channel, message, inbound, DeathReason.NoHandler, error);
      }
      const contracts = this.options.contracts;
      if (contracts?.has(inbound.routingKey)) {
        try {
          data = contracts.assert(inbound.routingKey, data, inbound.attributes.schemaVersion);
        } catch (error) {
          return await this.deadLetter(queue, channel, message, inbound, DeathReason.InvalidSchema, error);
        }
      }
      const started = performance.now();
      try {
        // Awaited here rather than through completionOf: one promise fewer a message.
        let outcome = this.invoke(handler, data, queue, message, inbound);
        if (outcome instanceof Promise) outcome = await outcome;
        if (isObservable(outcome)) await completionOf(outcome);
        metrics.succeeded.observe(secondsSince(started));
        this.ack(channel, message);
        metrics.acked.inc();
      } catch (error) {
        metrics.failed.observe(secondsSince(started));
        if (this.isTransient(error)) {
          return await this.retryWhenBack(queue, channel, message, inbound, error, () => completionOf(this.invoke(handler, data, queue, message, inbound)));
        }
        await this.onFailure(queue, channel, message, inbound, error);
      }
    } catch (error) {
      // Every outcome is settled above; this is a bug in the library, said rather than lost.
      this.logger.error({ msg: 'handling a message failed outside its handler', err: describe(error) });
    } finally {
      this.finished();
    }
  }

  /** Runs the handler and returns what it returned. */
  private invoke(handler: MessageHandler, data: unknown, queue: QueueDeclaration, message: ConsumeMessage, inbound: InboundMessage): unknown {
    const context = new RabbitContext([message, { queue: queue.name, maxAttempts: maxAttemptsOf(queue), inbound }]);
    return handler(data, context);
  }

  /** Acks after the handler (or the move to a retry or dead-letter queue) succeeded; batched per channel. */
  private ack(channel: Channel, message: ConsumeMessage): void {
    const settler = this.settlers.get(channel);
    safely(() => (settler ? settler.ack(message) : channel.ack(message)));
  }

  /** Gives the message back to its queue untouched: it is delivered again, with no attempt counted. */
  private giveBack(channel: Channel, message: ConsumeMessage): void {
    const settler = this.settlers.get(channel);
    safely(() => (settler ? settler.nack(message, true) : channel.nack(message, false, true)));
  }

  private isTransient(error: unknown): boolean {
    return isTransientFailure(error, this.options.isTransient);
  }

  /**
   * A failure of a dependency, not of the message: it counts no attempt and goes to no retry or
   * dead-letter queue. The message stays unacknowledged while the gate pauses the consumers and
   * probes the dependency, then runs again; a later failure of its own takes the usual path. A
   * shutdown or a lost channel meanwhile gives it back to the queue.
   */
  private async retryWhenBack(
    queue: QueueDeclaration,
    channel: Channel,
    message: ConsumeMessage,
    inbound: InboundMessage,
    firstError: unknown,
    run: () => unknown,
  ): Promise<void> {
    const metrics = this.metrics.forConsumer(inbound.routingKey, queue.name);
    let error = firstError;
    for (;;) {
      metrics.heldForDependency.inc();
      this.gate.trip(error);
      await this.gate.whenOpen();
      if (this.stopping || this.closedChannels.has(channel)) {
        this.giveBack(channel, message);
        return;
      }
      try {
        await run();
        this.ack(channel, message);
        metrics.acked.inc();
        return;
      } catch (again) {
        if (!this.isTransient(again)) return this.onFailure(queue, channel, message, inbound, again);
        error = again;
      }
    }
  }

  private async onFailure(
    queue: QueueDeclaration,
    channel: Channel,
    message: ConsumeMessage,
    inbound: InboundMessage,
    error: unknown,
  ): Promise<void> {
    if (isNonRetryable(error)) {
      return this.deadLetter(queue, channel, message, inbound, DeathReason.NonRetryable, error);
    }
    const retry = retryQueueFor(queue, inbound.attempt);
    if (!retry) {
      return this.deadLetter(queue, channel, message, inbound, DeathReason.RetriesExhausted, error);
    }
    const headers = {
      ...this.failureHeaders(queue, message, inbound, error),
      [RabbitHeader.Attempt]: inbound.attempt + 1,
    };
    this.logger.warn({
      msg: `attempt ${inbound.attempt} of ${maxAttemptsOf(queue)} failed; retrying in ${retry.delayMs} ms`,
      err: describe(error),
    });
    // The copy waits in the retry queue (broker-side TTL) and dead-letters back to this queue,
    // so a crash during the wait loses nothing. Ack the original only after the copy is confirmed.
    await this.forward(channel, message, retry.name, headers, String(retry.delayMs));
    this.metrics.forConsumer(inbound.routingKey, queue.name).retried.inc();
  }

  private async deadLetter(
    queue: QueueDeclaration,
    channel: Channel,
    message: ConsumeMessage,
    inbound: InboundMessage,
    reason: DeathReason,
    error: unknown,
  ): Promise<void> {
    const headers: Record<string, unknown> = {
      ...this.failureHeaders(queue, message, inbound, error),
      [RabbitHeader.DeathReason]: reason,
      [RabbitHeader.Attempts]: inbound.attempt,
    };
    const violations = violationsOf(error);
    if (violations) headers[RabbitHeader.Violations] = JSON.stringify(violations);
    const target = deadLetterQueueOf(queue);
    this.logger.error({ msg: `dead-lettered to ${target}: ${reason}`, reason, err: describe(error) });
    await this.forward(channel, message, target, headers);
    this.metrics.deadLettered.inc({ routing_key: inbound.routingKey, queue: queue.name, reason });
  }

  private failureHeaders(
    queue: QueueDeclaration,
    message: ConsumeMessage,
    inbound: InboundMessage,
    error: unknown,
  ): Record<string, unknown> {
    const now = new Date().toISOString();
    const failure = describe(error);
    return {
      ...copyHeaders(message.properties.headers as Record<string, unknown> | undefined),
      [RabbitHeader.OriginalExchange]: inbound.exchange,
      [RabbitHeader.OriginalRoutingKey]: inbound.routingKey,
      [RabbitHeader.OriginalQueue]: queue.name,
      [RabbitHeader.FirstFailureAt]: inbound.firstFailureAt ?? now,
      [RabbitHeader.LastFailureAt]: now,
      [RabbitHeader.ErrorName]: failure.name,
      [RabbitHeader.ErrorMessage]: failure.message,
      [RabbitHeader.ErrorStack]: failure.stack,
      [RabbitHeader.Service]: this.options.service,
      [RabbitHeader.Host]: this.host,
    };
  }

  /** Publishes a copy to `queue` with confirms, then acks the original (or gives it back). */
  private async forward(
    channel: Channel,
    message: ConsumeMessage,
    queue: string,
    headers: Record<string, unknown>,
    expiration?: string,
  ): Promise<void> {
    const { properties } = message;
    try {
      await this.publisher.publishMessage({
        exchange: '',
        routingKey: queue,
        body: message.content,
        properties: {
          messageId: (properties.messageId as string | undefined) ?? String(headers[RabbitHeader.OriginalRoutingKey]),
          correlationId: properties.correlationId as string | undefined,
          type: properties.type as string | undefined,
          appId: properties.appId as string | undefined,
          timestamp: properties.timestamp as number | undefined,
          contentType: properties.contentType as string | undefined,
          headers,
          persistent: true,
          ...(expiration ? { expiration } : {}),
        },
      });
      this.ack(channel, message);
    } catch (error) {
      this.logger.error({ msg: `could not move the message to ${queue}; giving it back to the queue`, err: describe(error) });
      this.giveBack(channel, message);
    }
  }

  /** The handler for a routing key: an exact pattern first, then the first wildcard that matches. */
  private handlerFor(routingKey: string): MessageHandler | null {
    const cached = this.handlerCache.get(routingKey);
    if (cached !== undefined) return cached;
    let handler = this.messageHandlers.get(routingKey) ?? null;
    if (!handler) {
      for (const [pattern, candidate] of this.messageHandlers) {
        if (candidate.isEventHandler && matchesRoutingKey(pattern, routingKey)) {
          handler = candidate;
          break;
        }
      }
    }
    this.handlerCache.set(routingKey, handler);
    return handler;
  }
}

/**
 * Waits for what a handler returned. Nest's event handlers are async and resolve to an Observable
 * when the handler (or an interceptor) returns one, which does nothing until subscribed: it is
 * waited for until it completes.
 */
function completionOf(returned: unknown): unknown {
  if (returned instanceof Promise) return returned.then(completionOf);
  return isObservable(returned) ? lastValueFrom(returned, { defaultValue: undefined }) : returned;
}

/** The store's own round trip, when it has one: the database is what handlers wait for most. */
function storeProbe(store: ResolvedRabbitOptions['store']): (() => Promise<unknown>) | undefined {
  const ping = store?.ping;
  return ping ? () => ping.call(store) : undefined;
}

/** Seconds since a `performance.now()` reading (a double: no BigInt a message, as hrtime.bigint made). */
function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}

function describe(error: unknown): { name: string; message: string; stack: string } {
  if (error instanceof Error) {
    return { name: error.name, message: error.message, stack: (error.stack ?? '').slice(0, MAX_STACK_LENGTH) };
  }
  // A handler may throw a non-Error (or Nest may hand on an object); keep what it said.
  const message = typeof error === 'object' ? JSON.stringify(error) : String(error);
  return { name: 'NonErrorThrown', message, stack: '' };
}

/** Acks and nacks on a channel that closed meanwhile throw; the broker redelivers then anyway. */
function safely(operation: () => void): void {
  try {
    operation();
  } catch {
    // The channel is gone; the message is redelivered to the next consumer.
  }
}
