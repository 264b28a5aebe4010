import { connect, type Channel, type ChannelModel, type ConfirmChannel } from 'amqplib';

export const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** An operator error: printed as one line, exit code 1 (or the code given). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class QueueNotFoundError extends CliError {
  constructor(readonly queue: string) {
    super(`queue '${queue}' does not exist on this broker (check the name: npm run topology lists them)`);
    this.name = 'QueueNotFoundError';
  }
}

/** `--url` wins, then `AMQP_URL`, then the local default. */
export function resolveAmqpUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option || env['AMQP_URL'] || DEFAULT_AMQP_URL;
}

/** The URL with its password masked, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^(amqps?:\/\/[^:/@]*:)[^/]*@/, '$1***@');
}

/** Opens a connection, turning a refusal into a clear CLI error. */
export async function openConnection(url: string): Promise<ChannelModel> {
  let model: ChannelModel;
  try {
    // noDelay: an ack followed by a basic.get would otherwise wait ~40 ms on Nagle + delayed ACK.
    model = await connect(url, { noDelay: true, clientProperties: { connection_name: 'ecom-tools' } });
  } catch (error) {
    throw new CliError(`cannot connect to ${redactUrl(url)}: ${(error as Error).message}`);
  }
  // Without a listener an 'error' event would crash the process; the failing call rejects anyway.
  model.on('error', () => undefined);
  return model;
}

export async function withConnection<T>(url: string, work: (model: ChannelModel) => Promise<T>): Promise<T> {
  const model = await openConnection(url);
  try {
    return await work(model);
  } finally {
    await model.close().catch(() => undefined);
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
