import type { ChannelModel } from 'amqplib';
import { checkQueueExists, closeQuietly, openChannel } from './channels';

/** Deletes every ready message of the queue; returns how many the broker removed. */
export async function purgeDeadLetters(model: ChannelModel, queue: string): Promise<number> {
  await checkQueueExists(model, queue);
  const channel = await openChannel(model);
  try {
    const { messageCount } = await channel.purgeQueue(queue);
    return messageCount;
  } finally {
    await closeQuietly(channel);
  }
}
