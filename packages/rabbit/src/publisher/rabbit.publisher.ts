import type { ChannelModel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { AmqpConnection } from '../connection/amqp-connection';
import type { DefaultEvents, EventContracts, EventKey, EventPayload } from '../contracts/event-contracts';
import {
  PublishBufferFullError,
  PublishNackedError,
  PublisherClosedError,
  PublishTimeoutError,
  UnroutableMessageError,
} from '../errors/rabbit.errors';
import type { RabbitMetrics } from '../metrics/rabbit.metrics';
import { publishConfirmed } from './confirm-publish';
import {
  buildEventMessage,
  publishedEventOf,
  type OutgoingMessage,
  type PublishedEvent,
  type PublishOptions,
} from './outgoing-message';

export interface RabbitPublisherOptions {
  exchange: string;
  service: string;
  /** What every event is validated against before it is sent; without them nothing is. */
  contracts?: EventContracts;
  /** How long a publish may wait for a connection and its confirm before it fails. */
  publishTimeoutMs: number;
  /** How many publishes may wait for the connection at once; more fail at once. */
  maxBufferedPublishes: number;
}

/** How often the deadlines are checked: a quarter of the timeout, between 10 ms and a second. */
function sweepIntervalMs(timeoutMs: number): number {
  return Math.min(1_000, Math.max(10, Math.floor(timeoutMs / 4)));
}

/** Pause before replacing a channel the broker closed, so a failing publish cannot spin. */
const CHANNEL_REOPEN_DELAY_MS = 100;

interface Pending {
  message: OutgoingMessage;
  resolve: () => void;
  reject: (error: Error) => void;
  /** Date.now() past which it fails with PublishTimeoutError. */
  deadline: number;
  returned?: string;
  settled: boolean;
}

/**
 * Publishes persistent, `mandatory` messages on a confirm channel and resolves each only after
 * the broker's ack. While the connection is down, publishes wait (bounded in count and time);
 * a message whose confirm was lost with the connection is sent again once it is back, so a
 * publish either resolves confirmed or rejects: it is never dropped silently.
 */
export class RabbitPublisher<E = DefaultEvents> {
  private channel: ConfirmChannel | undefined;
  private readonly waiting: Pending[] = [];
  private readonly inFlight = new Map<string, Pending[]>();
  private blocked = false;
  private closed = false;
  /** Where the next message whose confirm was lost goes back in `waiting`: ahead of new ones, in order. */
  private requeueAt = 0;
  /** Why the broker closed a channel (a channel error); absent when the connection was lost. */
  private readonly channelErrors = new WeakMap<ConfirmChannel, Error>();
  /**
   * One timer for every publish's deadline, running while any waits: a timer per publish (made,
   * then cleared on its confirm) was a measurable share of a publish's cost. A publish fails within
   * a quarter of publishTimeoutMs (at most a second) past its deadline.
   */
  private deadlineSweep: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly options: RabbitPublisherOptions,
    private readonly metrics?: RabbitMetrics,
  ) {}

  /** Registers the confirm channel as a connection set-up step. */
  async start(): Promise<void> {
    await this.connection.addSetup((model) => this.openChannel(model));
  }

  private async openChannel(model: ChannelModel): Promise<void> {
    const channel = await model.createConfirmChannel();
    // The broker closes the channel alone (the connection stays) on a channel error, such as a
    // publish to an exchange that does not exist; a lost connection closes it without 'error'.
    channel.on('error', (error: Error) => this.channelErrors.set(channel, error));
    channel.on('return', (message: ConsumeMessage) => this.onReturn(message));
    channel.on('drain', () => {
      this.blocked = false;
      this.flush();
    });
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      // Only the channel failed: open another on the same connection, or nothing would be sent
      // again until the connection itself dropped. (After a connection loss, set-up reopens it.)
      if (this.channelErrors.has(channel) && !this.closed) {
        setTimeout(() => {
          if (this.closed || this.channel || this.connection.connection !== model) return;
          this.openChannel(model).catch(() => undefined);
        }, CHANNEL_REOPEN_DELAY_MS).unref();
      }
    });
    this.channel = channel;
    this.blocked = false;
    this.flush();
  }

  get ready(): boolean {
    return this.channel !== undefined;
  }

  /** How many publishes wait for a connection or a confirm. */
  get pendingCount(): number {
    let count = this.waiting.length;
    for (const list of this.inFlight.values()) count += list.length;
    return count;
  }

  /**
   * Validates, publishes and resolves after the broker's confirm. Rejects with
   * ContractValidationError (nothing sent), UnroutableMessageError, PublishNackedError,
   * PublishTimeoutError or PublishBufferFullError.
   */
  publish<K extends EventKey<E>>(routingKey: K, data: EventPayload<E, K>, options?: PublishOptions): Promise<PublishedEvent> {
    // Not async, and one promise a publish: Node's async-context hook runs for each (see RabbitTransport.onMessage).
    let message: OutgoingMessage;
    try {
      message = this.build(routingKey, data, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<PublishedEvent>((resolve, reject) => this.enqueue(message, () => resolve(publishedEventOf(message)), reject));
  }

  /** Builds (and validates) the wire message without sending it; the outbox stores it. */
  build<K extends EventKey<E>>(routingKey: K, data: EventPayload<E, K>, options?: PublishOptions): OutgoingMessage {
    return buildEventMessage(this.options, routingKey, data, options);
  }

  /** Sends an already built message (from the outbox, a retry or a dead-letter) with confirms. */
  publishMessage(message: OutgoingMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => this.enqueue(message, resolve, reject));
  }

  /** Sends `message` now, or queues it for the connection; `resolve` runs on the broker's confirm. */
  private enqueue(message: OutgoingMessage, resolve: () => void, reject: (error: Error) => void): void {
    if (this.closed) return reject(new PublisherClosedError());
    if (!this.channel && this.waiting.length >= this.options.maxBufferedPublishes) {
      return reject(new PublishBufferFullError(this.options.maxBufferedPublishes));
    }
    const pending: Pending = { message, settled: false, resolve, reject, deadline: Date.now() + this.options.publishTimeoutMs };
    if (this.channel && !this.blocked && this.waiting.length === 0) this.send(pending);
    else this.waiting.push(pending);
    this.deadlineSweep ??= setInterval(() => this.failOverdue(), sweepIntervalMs(this.options.publishTimeoutMs));
  }

  /** Stops accepting publishes and waits (bounded) for the outstanding confirms. */
  async close(timeoutMs = 10_000): Promise<void> {
    this.closed = true;
    const deadline = Date.now() + timeoutMs;
    while (this.pendingCount > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const channel = this.channel;
    this.channel = undefined;
    if (channel) await channel.close().catch(() => undefined);
  }

  private flush(): void {
    this.requeueAt = 0;
    while (this.channel && !this.blocked && this.waiting.length > 0) {
      const pending = this.waiting.shift() as Pending;
      if (!pending.settled) this.send(pending);
    }
  }

  private send(pending: Pending): void {
    const channel = this.channel as ConfirmChannel;
    const { exchange, routingKey, body, properties } = pending.message;
    const id = properties.messageId;
    const list = this.inFlight.get(id);
    if (list) list.push(pending);
    else this.inFlight.set(id, [pending]);
    this.metrics?.forPublisher(routingKey).published.inc();
    // Set on the message itself (no copy per send): every publish is mandatory, a resend too.
    properties.mandatory = true;
    const writable = publishConfirmed(channel, exchange, routingKey, body, properties, (error) =>
      this.onConfirm(pending, error, channel),
    );
    // amqplib buffers past this point; waiting for 'drain' keeps memory flat under a burst.
    if (!writable) this.blocked = true;
  }

  private onConfirm(pending: Pending, error: Error | undefined, channel: ConfirmChannel): void {
    this.forget(pending);
    if (pending.settled) return;
    if (!error) {
      if (pending.returned !== undefined) {
        const { exchange, routingKey } = pending.message;
        this.metrics?.forPublisher(routingKey).returned.inc();
        this.settle(pending, new UnroutableMessageError(exchange, routingKey, pending.returned));
      } else {
        this.metrics?.forPublisher(pending.message.routingKey).confirmed.inc();
        this.settle(pending);
      }
      return;
    }
    if (/nacked/i.test(error.message)) {
      this.settle(pending, new PublishNackedError(pending.message.routingKey));
      return;
    }
    const channelError = this.channelErrors.get(channel);
    if (channelError) {
      // The broker closed the channel over a publish (e.g. 404, no such exchange): sending it
      // again would close the next channel too. Fail loudly with the broker's reason instead.
      this.settle(pending, channelError);
      return;
    }
    // The connection closed before the confirm: the broker may or may not have the message.
    // Send it again once connected (same message id, so consumers' inbox absorbs a copy).
    pending.returned = undefined;
    this.waiting.splice(this.requeueAt++, 0, pending);
  }

  private onReturn(message: ConsumeMessage): void {
    const id = message.properties.messageId as string | undefined;
    const pending = id ? this.inFlight.get(id)?.find((p) => p.returned === undefined) : undefined;
    // basic.return precedes the ack of the same message; the ack callback turns it into an error.
    if (pending) pending.returned = (message.fields as unknown as { replyText?: string }).replyText ?? 'NO_ROUTE';
  }

  private forget(pending: Pending): void {
    const id = pending.message.properties.messageId;
    const list = this.inFlight.get(id);
    if (!list) return;
    const index = list.indexOf(pending);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) this.inFlight.delete(id);
  }

  /** Fails every publish past its deadline; stops the sweep once no unsettled one is left (a new publish starts it again). */
  private failOverdue(): void {
    const now = Date.now();
    const overdue: Pending[] = [];
    let waiting = 0;
    const check = (pending: Pending) => {
      if (pending.settled) return;
      if (pending.deadline <= now) overdue.push(pending);
      else waiting++;
    };
    this.waiting.forEach(check);
    for (const list of this.inFlight.values()) list.forEach(check);
    for (const pending of overdue) this.settle(pending, new PublishTimeoutError(pending.message.routingKey, this.options.publishTimeoutMs));
    if (waiting === 0 && this.deadlineSweep) {
      clearInterval(this.deadlineSweep);
      this.deadlineSweep = undefined;
    }
  }

  private settle(pending: Pending, error?: Error): void {
    if (pending.settled) return;
    pending.settled = true;
    const index = this.waiting.indexOf(pending);
    if (index >= 0) this.waiting.splice(index, 1);
    if (error) pending.reject(error);
    else pending.resolve();
  }
}
