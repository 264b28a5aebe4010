import type { ChannelModel, GetMessage } from 'amqplib';
import { awaitReadyCount, checkQueueExists, closeQuietly, openChannel } from './channels';

export const DEFAULT_READ_LIMIT = 1000;

export interface PeekResult {
  messages: GetMessage[];
  /** Ready messages when the read started. */
  messageCount: number;
  /** True when the queue held more than were read. */
  truncated: boolean;
}

/**
 * Reads up to `limit` messages without removing them: each is fetched with `basic.get` and left
 * unacknowledged, so no one else gets it while we look; closing the channel puts them all back
 * (now flagged redelivered). A whole read goes back in its order; on a quorum queue (RabbitMQ
 * 3.10) the messages of a partial read (`limit` below the depth) may go back behind the rest,
 * and a nack-requeue always moves them there. `visit` returning true stops the read early.
 * Before returning it waits until they are back, so the next command sees them all.
 */
export async function peekDeadLetters(
  model: ChannelModel,
  queue: string,
  options: { limit?: number; visit?: (message: GetMessage, position: number) => boolean | void } = {},
): Promise<PeekResult> {
  const limit = options.limit ?? DEFAULT_READ_LIMIT;
  const { messageCount } = await checkQueueExists(model, queue);
  const channel = await openChannel(model);
  const messages: GetMessage[] = [];
  try {
    while (messages.length < limit) {
      const message = await channel.get(queue, { noAck: false });
      if (!message) break;
      messages.push(message);
      if (options.visit?.(message, messages.length)) break;
    }
  } finally {
    await closeQuietly(channel);
  }
  await awaitReadyCount(model, queue, messageCount);
  return { messages, messageCount, truncated: messages.length < messageCount };
}

/**
 * The first message with this AMQP message id, with its 1-based position, or undefined. It reads
 * on past the match (up to `limit`): a quorum queue puts messages given back from a partial read
 * behind the rest, while a whole read goes back in its order.
 */
export async function findDeadLetter(
  model: ChannelModel,
  queue: string,
  messageId: string,
  options: { limit?: number } = {},
): Promise<{ message: GetMessage; position: number } | undefined> {
  let found: { message: GetMessage; position: number } | undefined;
  await peekDeadLetters(model, queue, {
    limit: options.limit,
    visit: (message, position) => {
      if (!found && message.properties.messageId === messageId) found = { message, position };
      return false;
    },
  });
  return found;
}
