import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel } from 'amqplib';
import { AMQP_URL } from '../../test/support/broker';
import { coalesceFrameWrites } from './coalesce-frame-writes';

interface SocketInternals {
  _write: (...args: unknown[]) => void;
  _writev: (...args: unknown[]) => void;
}

/** Counts the socket's write calls (each one system call) while `work` runs. */
async function countWrites(model: ChannelModel, work: () => Promise<void>): Promise<{ single: number; vectored: number }> {
  const socket = (model as unknown as { connection: { stream: SocketInternals } }).connection.stream;
  const counts = { single: 0, vectored: 0 };
  const { _write: write, _writev: writev } = socket;
  socket._write = function (...args: unknown[]) {
    counts.single++;
    return write.apply(this, args);
  };
  socket._writev = function (...args: unknown[]) {
    counts.vectored++;
    return writev.apply(this, args);
  };
  try {
    await work();
  } finally {
    socket._write = write;
    socket._writev = writev;
  }
  return counts;
}

/** 100 confirmed publishes issued in one turn of the event loop, as an outbox batch is. */
async function publishBurst(model: ChannelModel, queue: string): Promise<void> {
  const channel = await model.createConfirmChannel();
  for (let i = 0; i < 100; i++) channel.sendToQueue(queue, Buffer.from(`{"n":${i}}`), { persistent: true });
  await channel.waitForConfirms();
  await channel.close();
}

describe('coalesceFrameWrites (the installed amqplib)', () => {
  const queue = `spec.coalesce.${randomUUID()}`;
  let plain: ChannelModel;
  let coalesced: ChannelModel;

  beforeAll(async () => {
    plain = await connect(AMQP_URL, { noDelay: true });
    coalesced = await connect(AMQP_URL, { noDelay: true });
    const setup = await plain.createChannel();
    await setup.assertQueue(queue, { durable: false, autoDelete: false });
    await setup.close();
  });
  afterAll(async () => {
    const teardown = await plain.createChannel();
    await teardown.deleteQueue(queue);
    await plain.close();
    await coalesced.close();
  });

  it('finds the internals it needs, so an amqplib upgrade that moves them fails here', () => {
    expect(coalesceFrameWrites(coalesced)).toBe(true);
  });

  it('sends a burst of frames in a few vectored writes instead of one write per message, and every message arrives', async () => {
    const before = await countWrites(plain, () => publishBurst(plain, queue));
    const after = await countWrites(coalesced, () => publishBurst(coalesced, queue));
    // amqplib alone writes each publish (method, header and body frames in one buffer) on its own.
    expect(before.single).toBeGreaterThanOrEqual(100);
    expect(after.single + after.vectored).toBeLessThan(20);
    const check = await plain.createChannel();
    const { messageCount } = await check.checkQueue(queue);
    await check.close();
    expect(messageCount).toBe(200);
  });
});
