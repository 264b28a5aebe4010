import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { connect, type ChannelModel, type GetMessage } from 'amqplib';

const exec = promisify(execFile);

/** `rabbitmqctl`, or the command in RABBITMQCTL (e.g. `docker exec <id> rabbitmqctl` in CI containers). */
function rabbitmqctl(...args: string[]) {
  const custom = process.env['RABBITMQCTL']?.split(/\s+/).filter(Boolean);
  return custom?.length ? exec(custom[0], [...custom.slice(1), ...args]) : exec('rabbitmqctl', args);
}

export const AMQP_URL = process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A name no other test uses, so tests share the broker without colliding. */
export function uniqueName(prefix: string): string {
  return `test.${prefix}.${randomUUID().slice(0, 8)}`;
}

/** A vhost of the test's own, for tests that close every connection in it. */
export async function createVhost(): Promise<{ name: string; url: string; remove: () => Promise<void> }> {
  const name = uniqueName('vhost');
  await rabbitmqctl('add_vhost', name);
  await rabbitmqctl('set_permissions', '-p', name, 'guest', '.*', '.*', '.*');
  const base = new URL(AMQP_URL);
  base.pathname = `/${encodeURIComponent(name)}`;
  return { name, url: base.toString(), remove: async () => void (await rabbitmqctl('delete_vhost', name)) };
}

/** How many of a queue's messages are delivered and not yet acked, as the broker counts them (on the default vhost). */
export async function unackedCount(queue: string): Promise<number> {
  const { stdout } = await rabbitmqctl('list_queues', '--quiet', '--no-table-headers', 'name', 'messages_unacknowledged');
  const line = stdout.split('\n').find((row) => row.split('\t')[0] === queue);
  if (!line) throw new Error(`rabbitmqctl does not list queue ${queue}`);
  return Number(line.split('\t')[1]);
}

/** `rabbitmqctl close_all_connections`, limited to one vhost so other suites keep theirs. */
export async function closeAllConnections(vhost: string): Promise<void> {
  await rabbitmqctl('close_all_connections', '--vhost', vhost, 'test: chaos');
}

/**
 * Takes the broker away from one vhost until the returned function is called (once or more): new
 * connections are refused (a connection limit of 0) and the open ones are closed, so nothing
 * reconnects meanwhile.
 */
export async function brokerOutage(vhost: string): Promise<() => Promise<void>> {
  await rabbitmqctl('set_vhost_limits', '-p', vhost, '{"max-connections": 0}');
  await closeAllConnections(vhost);
  let ended: Promise<void> | undefined;
  // Idempotent: a test ends the outage itself, and its `finally` makes sure.
  return () => (ended ??= rabbitmqctl('clear_vhost_limits', '-p', vhost).then(() => undefined));
}

/** A plain amqplib connection: the foreign producer, and the reader of dead-letter queues. */
export class RawBroker {
  private constructor(readonly model: ChannelModel) {}

  static async open(url = AMQP_URL): Promise<RawBroker> {
    return new RawBroker(await connect(url));
  }

  async publish(exchange: string, routingKey: string, body: string | Buffer, properties: Record<string, unknown> = {}) {
    const channel = await this.model.createConfirmChannel();
    channel.publish(exchange, routingKey, Buffer.isBuffer(body) ? body : Buffer.from(body), { persistent: true, ...properties });
    await channel.waitForConfirms();
    await channel.close();
  }

  /** Takes every message now in `queue` (acking them). */
  async drain(queue: string): Promise<GetMessage[]> {
    const channel = await this.model.createChannel();
    const messages: GetMessage[] = [];
    for (;;) {
      const message = await channel.get(queue, { noAck: true });
      if (!message) break;
      messages.push(message);
    }
    await channel.close();
    return messages;
  }

  async messageCount(queue: string): Promise<number> {
    const channel = await this.model.createChannel();
    const { messageCount } = await channel.checkQueue(queue);
    await channel.close();
    return messageCount;
  }

  async deleteQueues(names: readonly string[]): Promise<void> {
    const channel = await this.model.createChannel();
    for (const name of names) await channel.deleteQueue(name).catch(() => undefined);
    await channel.close().catch(() => undefined);
  }

  async deleteExchange(name: string): Promise<void> {
    const channel = await this.model.createChannel();
    await channel.deleteExchange(name).catch(() => undefined);
    await channel.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    await this.model.close().catch(() => undefined);
  }
}
