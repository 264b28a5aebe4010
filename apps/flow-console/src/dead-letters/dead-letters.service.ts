import { QueueNotFoundError, checkQueueExists, peekDeadLetters, reasonOf, replayDeadLetters, toDeadLetterRow, type DeadLetterRow as LibraryDeadLetterRow, type ReplayReport, type ReplaySelection } from '@ecom/rabbit/dlq';
import { Topology } from '@ecom/contracts';
import { Injectable } from '@nestjs/common';
import type { Message } from 'amqplib';
import { BrokerConnection } from '../broker/broker-connection';

/** One dead-lettered message as the page lists it: the library's row, with the failure said in one reason. */
export type DeadLetterRow = Pick<
  LibraryDeadLetterRow,
  'position' | 'messageId' | 'orderId' | 'correlationId' | 'routingKey' | 'attempts' | 'lastFailureAt' | 'service' | 'replayCount'
> & { reason: string };

/** Most messages one listing reads (each is fetched and given back). */
const LIST_LIMIT = 500;

/** Every dead-letter queue of the topology, each once. */
export function deadLetterQueues(): string[] {
  return [...new Set(Topology.queues.map((queue) => queue.deadLetterQueue))];
}

/**
 * The DLQs through the console's broker connection, with the CLI's guarantees: a listing takes
 * every message unacked and gives them all back; a replay removes a message only once its copy is
 * confirmed. One operation per queue at a time, so two clicks never interleave their reads.
 */
@Injectable()
export class DeadLettersService {
  private readonly busy = new Map<string, Promise<unknown>>();

  constructor(private readonly broker: BrokerConnection) {}

  async overview(): Promise<{ queue: string; messages?: number; exists: boolean }[]> {
    const model = this.broker.model();
    return Promise.all(
      deadLetterQueues().map(async (queue) => {
        try {
          return { queue, messages: (await checkQueueExists(model, queue)).messageCount, exists: true };
        } catch (error) {
          if (error instanceof QueueNotFoundError) return { queue, exists: false };
          throw error;
        }
      }),
    );
  }

  async list(queue: string): Promise<{ queue: string; messages: number; truncated: boolean; rows: DeadLetterRow[] }> {
    this.assertKnown(queue);
    return this.exclusive(queue, async () => {
      const result = await peekDeadLetters(this.broker.model(), queue, { limit: LIST_LIMIT });
      return { queue, messages: result.messageCount, truncated: result.truncated, rows: result.messages.map((m, i) => toRow(m, i + 1)) };
    });
  }

  async replay(queue: string, selection: ReplaySelection): Promise<ReplayReport> {
    this.assertKnown(queue);
    return this.exclusive(queue, () => replayDeadLetters(this.broker.model(), queue, selection));
  }

  /** Only the topology's DLQs: the console is no tool for moving arbitrary queues. */
  private assertKnown(queue: string): void {
    if (!deadLetterQueues().includes(queue)) throw new QueueNotFoundError(queue);
  }

  private async exclusive<T>(queue: string, work: () => Promise<T>): Promise<T> {
    const before = this.busy.get(queue) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(work);
    this.busy.set(queue, run);
    try {
      return await run;
    } finally {
      if (this.busy.get(queue) === run) this.busy.delete(queue);
    }
  }
}

/** The page's row: the library's reading of the dead-letter headers, with bounded reason and order id. */
function toRow(message: Message, position: number): DeadLetterRow {
  const row = toDeadLetterRow(message, position);
  return {
    position,
    messageId: row.messageId,
    orderId: row.orderId?.slice(0, 128),
    correlationId: row.correlationId,
    routingKey: row.routingKey,
    attempts: row.attempts,
    reason: reasonOf(row).slice(0, 500),
    lastFailureAt: row.lastFailureAt,
    service: row.service,
    replayCount: row.replayCount,
  };
}
