import type { Message } from 'amqplib';
import { DeliverySettler, type AckBatching } from './delivery-settler';

/** What the settler sent, as the broker would read it: which tags, and whether `multiple` was set. */
class RecordingChannel {
  readonly sent: string[] = [];
  ack(message: Message, allUpTo?: boolean): void {
    this.sent.push(`ack ${message.fields.deliveryTag}${allUpTo ? ' multiple' : ''}`);
  }
  nack(message: Message, allUpTo?: boolean, requeue?: boolean): void {
    this.sent.push(`nack ${message.fields.deliveryTag}${allUpTo ? ' multiple' : ''}${requeue ? ' requeue' : ''}`);
  }
}

function delivery(tag: number): Message {
  return { fields: { deliveryTag: tag }, properties: {}, content: Buffer.alloc(0) } as unknown as Message;
}

function setUp(count: number, batching?: AckBatching) {
  const channel = new RecordingChannel();
  const settler = new DeliverySettler(channel, batching);
  const messages = Array.from({ length: count }, (_, i) => delivery(i + 1));
  for (const message of messages) settler.received(message);
  return { channel, settler, messages };
}

const endOfTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('DeliverySettler', () => {
  it('acks what finished in one turn with one multiple ack, at the end of the turn', async () => {
    const { channel, settler, messages } = setUp(5);
    for (const message of messages) settler.ack(message);
    expect(channel.sent).toEqual([]);
    await endOfTurn();
    expect(channel.sent).toEqual(['ack 5 multiple']);
  });

  it('acks a lone delivery without multiple', async () => {
    const { channel, settler, messages } = setUp(1);
    settler.ack(messages[0]);
    await endOfTurn();
    expect(channel.sent).toEqual(['ack 1']);
  });

  it('never lets a multiple ack cover a delivery still open: those behind it are acked alone', async () => {
    const { channel, settler, messages } = setUp(6);
    // 3 is still being handled.
    for (const tag of [1, 2, 4, 5]) settler.ack(messages[tag - 1]);
    await endOfTurn();
    expect(channel.sent).toEqual(['ack 2 multiple', 'ack 4', 'ack 5']);
    settler.ack(messages[2]);
    settler.ack(messages[5]);
    await endOfTurn();
    // 4 and 5 were settled already: 3 and 6 go in one multiple ack.
    expect(channel.sent.slice(3)).toEqual(['ack 6 multiple']);
  });

  it('nacks at once, and a later multiple ack passes over the nacked delivery', async () => {
    const { channel, settler, messages } = setUp(3);
    settler.ack(messages[0]);
    settler.nack(messages[1], true);
    expect(channel.sent).toEqual(['nack 2 requeue']);
    settler.ack(messages[2]);
    await endOfTurn();
    expect(channel.sent).toEqual(['nack 2 requeue', 'ack 3 multiple']);
  });

  it('settles each delivery once, whatever is asked twice', async () => {
    const { channel, settler, messages } = setUp(2);
    settler.ack(messages[0]);
    settler.nack(messages[0], true);
    settler.nack(messages[1], false);
    settler.ack(messages[1]);
    await endOfTurn();
    settler.ack(messages[0]);
    await endOfTurn();
    expect(channel.sent).toEqual(['nack 2', 'ack 1']);
  });

  it('flush() sends the acks due now, so closing the channel redelivers none of them', () => {
    const { channel, settler, messages } = setUp(3);
    settler.ack(messages[0]);
    settler.ack(messages[1]);
    settler.flush();
    expect(channel.sent).toEqual(['ack 2 multiple']);
  });

  it('keeps memory bounded behind a delivery that never finishes', async () => {
    const { channel, settler } = setUp(0);
    const stuck = delivery(1);
    settler.received(stuck);
    for (let tag = 2; tag <= 5_000; tag++) {
      const message = delivery(tag);
      settler.received(message);
      settler.ack(message);
      if (tag % 50 === 0) await endOfTurn();
    }
    await endOfTurn();
    expect(channel.sent).toHaveLength(4_999);
    expect(channel.sent.every((line) => !line.includes('multiple'))).toBe(true);
    const internals = settler as unknown as { deliveries: unknown[]; byTag: Map<number, unknown> };
    expect(internals.deliveries.length).toBeLessThan(1_100);
    expect(internals.byTag.size).toBeLessThan(1_100);
    // The stuck one still settles, alone, and everything is dropped.
    settler.ack(stuck);
    await endOfTurn();
    expect(channel.sent.at(-1)).toBe('ack 1');
    expect(internals.deliveries.length).toBe(0);
    expect(internals.byTag.size).toBe(0);
  });

  describe('with a linger', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('holds acks up to lingerMs, then sends them as one', () => {
      const { channel, settler, messages } = setUp(3, { lingerMs: 20, flushAt: 10 });
      settler.ack(messages[0]);
      jest.advanceTimersByTime(5);
      settler.ack(messages[1]);
      settler.ack(messages[2]);
      jest.advanceTimersByTime(14);
      expect(channel.sent).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(channel.sent).toEqual(['ack 3 multiple']);
    });

    it('sends at the end of the turn once flushAt acks wait, and drops the linger timer', () => {
      const { channel, settler, messages } = setUp(4, { lingerMs: 20, flushAt: 3 });
      for (const message of messages.slice(0, 3)) settler.ack(message);
      jest.advanceTimersByTime(0);
      expect(channel.sent).toEqual(['ack 3 multiple']);
      settler.ack(messages[3]);
      jest.advanceTimersByTime(19);
      expect(channel.sent).toEqual(['ack 3 multiple']);
      jest.advanceTimersByTime(1);
      expect(channel.sent).toEqual(['ack 3 multiple', 'ack 4']);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('flush() sends what lingers at once (shutdown)', () => {
      const { channel, settler, messages } = setUp(2, { lingerMs: 20, flushAt: 10 });
      settler.ack(messages[0]);
      settler.ack(messages[1]);
      settler.flush();
      expect(channel.sent).toEqual(['ack 2 multiple']);
      expect(jest.getTimerCount()).toBe(0);
    });
  });
});
