import type { Channel, ChannelModel, ConfirmChannel } from 'amqplib';
import { RabbitError } from '../errors/rabbit.errors';

/** The dead-letter queue named does not exist on this broker. */
export class QueueNotFoundError extends RabbitError {
  constructor(readonly queue: string) {
    super(`queue '${queue}' does not exist on this broker`);
  }
}

/** A channel whose errors (a 404 on a passive declare) close only itself, never the process. */
export async function openChannel(model: ChannelModel): Promise<Channel> {
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  return channel;
}

export async function openConfirmChannel(model: ChannelModel): Promise<ConfirmChannel> {
  const channel = await model.createConfirmChannel();
  channel.on('error', () => undefined);
  return channel;
}

export async function closeQuietly(channel: Channel | undefined): Promise<void> {
  if (!channel) return;
  await channel.close().catch(() => undefined);
}

/**
 * Checks that a queue exists (passive declare) on a throw-away channel: a 404 closes the channel
 * it happens on, so it never costs the caller's.
 */
export async function checkQueueExists(
  model: ChannelModel,
  queue: string,
): Promise<{ messageCount: number; consumerCount: number }> {
  const channel = await openChannel(model);
  try {
    const { messageCount, consumerCount } = await channel.checkQueue(queue);
    return { messageCount, consumerCount };
  } catch (error) {
    if ((error as { code?: number }).code === 404) throw new QueueNotFoundError(queue);
    throw error;
  } finally {
    await closeQuietly(channel);
  }
}

/**
 * Waits (bounded) until the queue holds at least `expected` ready messages again. Messages given
 * back by closing a channel return asynchronously on a quorum queue (a Raft command), so without
 * this the next command could run before they are back and miss them.
 */
export async function awaitReadyCount(model: ChannelModel, queue: string, expected: number, timeoutMs = 5_000): Promise<boolean> {
  if (expected <= 0) return true;
  const deadline = Date.now() + timeoutMs;
  const channel = await openChannel(model);
  try {
    let pause = 5;
    for (;;) {
      const { messageCount } = await channel.checkQueue(queue);
      if (messageCount >= expected) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 100);
    }
  } catch {
    return false;
  } finally {
    await closeQuietly(channel);
  }
}
