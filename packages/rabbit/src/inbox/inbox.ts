import type { RabbitMetrics } from '../metrics/rabbit.metrics';
import type { Outbox } from '../outbox/outbox';
import type { MessageStore } from '../store/message-store';

/** Which message a unit of work handles: a handler's `RabbitContext` fits. */
export interface HandledMessage {
  queue: string;
  eventId: string;
}

export type HandleOnceResult<T> = { duplicate: false; result: T } | { duplicate: true };

/**
 * Exactly-once effects over at-least-once delivery: the handled event id is recorded in the same
 * transaction as the handler's state change and outbox rows, so a redelivered message (after a
 * crash before the ack, a lost connection, a replay) finds its record and changes nothing twice.
 */
export class Inbox<Tx = unknown> {
  constructor(
    private readonly store: MessageStore<Tx>,
    private readonly outbox: Outbox<Tx>,
    private readonly metrics: RabbitMetrics,
  ) {}

  async handleOnce<T>(message: HandledMessage, work: (tx: Tx) => Promise<T>): Promise<HandleOnceResult<T>> {
    return this.outbox.transaction(async (tx) => {
      const first = await this.store.inbox.tryRecord(tx, message.queue, message.eventId, new Date());
      if (!first) {
        this.metrics.duplicates.inc({ consumer: message.queue });
        return { duplicate: true };
      }
      return { duplicate: false, result: await work(tx) };
    });
  }
}
