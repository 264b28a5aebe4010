// The broker helpers of tools/src/shared/amqp.ts the replay needs (apps may not import tools):
// the same semantics, with a 404 that becomes an HTTP 404 instead of a CLI exit code.
import type { Channel, ChannelModel, ConfirmChannel } from 'amqplib';

export class QueueNotFoundError extends Error {
  constructor(readonly queue: string) {
    super(`queue '${queue}' does not exist on this broker`);
    this.name = 'QueueNotFoundError';
  }
}

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

/** Passive declare on a throw-away channel: a 404 closes the channel it happens on. */
export async function checkQueueExists(model: ChannelModel, queue: string): Promise<{ messageCount: number; consumerCount: number }> {
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
 * Waits (bounded) until the queue holds at least `expected` ready messages again: messages given
 * back by closing a channel return asynchronously on a quorum queue.
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
