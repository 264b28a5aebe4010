/**
 * The baseline: amqplib alone, doing what the others do and nothing more. One connection with
 * noDelay, a consumer channel and a confirm channel; the consumer parses the body (what any
 * consumer does with it) and acks.
 */
import { randomUUID } from 'node:crypto';
import { connect, type ConsumeMessage } from 'amqplib';
import { Countdown, DATA, declareSideTopology, measure, ROUTING_KEY, type Side, type SideSetup } from './bench-kit';

export async function rawSide(setup: SideSetup): Promise<Side> {
  const countdown = new Countdown();
  const model = await connect(setup.url, { noDelay: true });
  try {
    await declareSideTopology(model, setup);
    const consumer = await model.createChannel();
    await consumer.prefetch(setup.prefetch);
    await consumer.consume(
      setup.queue.name,
      (message: ConsumeMessage | null) => {
        if (!message) return;
        JSON.parse(message.content.toString('utf8'));
        consumer.ack(message);
        countdown.hit();
      },
      { noAck: false },
    );
    const publisher = await model.createConfirmChannel();
    let returned = 0;
    publisher.on('return', () => returned++);
    const publishOne = () =>
      new Promise<void>((resolve, reject) => {
        publisher.publish(
          setup.exchange,
          ROUTING_KEY,
          Buffer.from(JSON.stringify(DATA)),
          { persistent: true, mandatory: true, messageId: randomUUID(), contentType: 'application/json', timestamp: Math.floor(Date.now() / 1000) },
          (error) => (error ? reject(error) : resolve()),
        );
      });
    return {
      run: async (messages) => {
        const result = await measure(messages, setup.window, countdown, publishOne);
        if (returned) throw new Error(`${returned} raw messages were returned unroutable`);
        return result;
      },
      close: () => model.close().catch(() => undefined),
    };
  } catch (error) {
    await model.close().catch(() => undefined);
    throw error;
  }
}
