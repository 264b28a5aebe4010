import type { DefaultEvents, EventKey, EventPayload } from '../contracts/event-contracts';
import type { MessageStore } from '../store/message-store';
import { publishedEventOf, type PublishedEvent, type PublishOptions } from '../publisher/outgoing-message';
import type { RabbitPublisher } from '../publisher/rabbit.publisher';
import type { CommittedEvent, OutboxRelay } from './outbox-relay';

/**
 * Publishing that cannot be lost between a state change and its event: the event is validated
 * and written as an outbox row in the same transaction as the change, and sent by this process
 * right after the commit (the relay recovers whatever that send did not finish). `Tx` is the
 * store's transaction type (Kysely's `Transaction<DB>`).
 */
export class Outbox<Tx = unknown, E = DefaultEvents> {
  /** The rows each open transaction of `transaction()` wrote, to send once it commits. */
  private readonly written = new Map<Tx, CommittedEvent[]>();

  constructor(
    private readonly store: MessageStore<Tx>,
    private readonly publisher: RabbitPublisher<E>,
    private readonly relay: OutboxRelay,
  ) {}

  /** Runs `work` in one transaction; events it added are sent right after the commit. */
  async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const written: CommittedEvent[] = [];
    const result = await this.store.transaction(async (tx) => {
      this.written.set(tx, written);
      try {
        return await work(tx);
      } finally {
        this.written.delete(tx);
      }
    });
    this.relay.sendCommitted(written);
    return result;
  }

  /**
   * Adds an event inside `tx`. Validation happens now: an invalid event throws
   * ContractValidationError and, thrown inside the transaction, rolls the state change back.
   * In a transaction of `transaction()` it is sent right after the commit; in any other it waits
   * for the relay's recovery pass.
   */
  async publish<K extends EventKey<E>>(tx: Tx, routingKey: K, data: EventPayload<E, K>, options?: PublishOptions): Promise<PublishedEvent> {
    const message = this.publisher.build(routingKey, data, options);
    const seqs = await this.store.outbox.add(tx, [
      {
        eventId: message.properties.messageId,
        routingKey,
        body: message.body.toString('utf8'),
        properties: JSON.stringify(message.properties),
        createdAt: new Date(),
      },
    ]);
    // A store that hands back no seq (one written before `add` returned them) leaves the row to recovery.
    const seq = seqs?.[0];
    if (seq !== undefined) this.written.get(tx)?.push({ seq, message });
    return publishedEventOf(message);
  }

  /** Rows waiting to be sent (for health and tests). */
  pending(): Promise<number> {
    return this.store.outbox.countPending();
  }
}
