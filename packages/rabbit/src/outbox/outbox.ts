import type { DefaultEvents, EventKey, EventPayload } from '../contracts/event-contracts';
import type { MessageStore } from '../inbox/inbox.store';
import { publishedEventOf, type PublishedEvent, type PublishOptions } from '../publisher/outgoing-message';
import type { RabbitPublisher } from '../publisher/rabbit.publisher';
import type { OutboxRelay } from './outbox-relay';

/**
 * Publishing that cannot be lost between a state change and its event: the event is validated
 * and written as an outbox row in the same transaction as the change, and the relay sends it
 * after the commit. `Tx` is the store's transaction type (Kysely's `Transaction<DB>`).
 */
export class Outbox<Tx = unknown, E = DefaultEvents> {
  constructor(
    private readonly store: MessageStore<Tx>,
    private readonly publisher: RabbitPublisher<E>,
    private readonly relay: OutboxRelay,
  ) {}

  /** Runs `work` in one transaction; events it added are sent right after the commit. */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const result = await this.store.transaction(work);
    this.relay.nudge();
    return result;
  }

  /**
   * Adds an event inside `tx`. Validation happens now: an invalid event throws
   * ContractValidationError and, thrown inside the transaction, rolls the state change back.
   */
  async publish<K extends EventKey<E>>(tx: Tx, routingKey: K, data: EventPayload<E, K>, options?: PublishOptions): Promise<PublishedEvent> {
    const message = this.publisher.build(routingKey, data, options);
    await this.store.outbox.add(tx, [
      {
        eventId: message.properties.messageId,
        routingKey,
        body: message.body.toString('utf8'),
        properties: JSON.stringify(message.properties),
        createdAt: new Date(),
      },
    ]);
    return publishedEventOf(message);
  }

  /** Rows waiting to be sent (for health and tests). */
  pending(): Promise<number> {
    return this.store.outbox.countPending();
  }
}
