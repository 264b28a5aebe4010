// Broker helpers for the DLQ specs: unique queues, transport-shaped dead letters, deadline polling.
import { RabbitHeader } from '@ecom/rabbit';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { randomUUID } from 'node:crypto';

export const TEST_AMQP_URL = process.env['AMQP_URL'] || 'amqp://guest:guest@127.0.0.1:5672';

export async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface Fixture {
  model: ChannelModel;
  channel: Channel;
  exchange: string;
  dlq: string;
  target: string;
  cleanup(): Promise<void>;
}

/** A unique topic exchange, a target queue bound on `order.created` and `payment.processed.*`, a quorum DLQ. */
export async function createFixture(label: string): Promise<Fixture> {
  const suffix = `${label}.${randomUUID().slice(0, 8)}`;
  const model = await connect(TEST_AMQP_URL, { noDelay: true });
  const channel = await model.createChannel();
  const exchange = `test.tools.${suffix}.events`;
  const dlq = `test.tools.${suffix}.dlq`;
  const target = `test.tools.${suffix}.target`;
  await channel.assertExchange(exchange, 'topic', { durable: false });
  await channel.assertQueue(target, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await channel.bindQueue(target, exchange, 'order.created');
  await channel.bindQueue(target, exchange, 'payment.processed.*');
  await channel.assertQueue(dlq, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  return {
    model,
    channel,
    exchange,
    dlq,
    target,
    async cleanup() {
      const admin = await model.createChannel();
      await admin.deleteQueue(dlq).catch(() => undefined);
      await admin.deleteQueue(target).catch(() => undefined);
      await admin.deleteExchange(exchange).catch(() => undefined);
      await model.close().catch(() => undefined);
    },
  };
}

export interface DeadLetterSeed {
  id: string;
  orderId?: string;
  routingKey?: string;
  exchange?: string | null;
  reason?: string;
  errorMessage?: string;
  attempts?: number;
  replayCount?: number;
  extraHeaders?: Record<string, unknown>;
  body?: Buffer;
}

/** Puts a message into the DLQ the way the transport dead-letters one (default exchange, failure headers). */
export function seedDeadLetter(fixture: Fixture, seed: DeadLetterSeed): void {
  const routingKey = seed.routingKey ?? 'order.created';
  const headers: Record<string, unknown> = {
    'ecom-schema-version': '1',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    [RabbitHeader.Attempt]: seed.attempts ?? 1,
    [RabbitHeader.DeathReason]: seed.reason ?? 'invalid-schema',
    [RabbitHeader.ErrorName]: 'ContractValidationError',
    [RabbitHeader.ErrorMessage]: seed.errorMessage ?? `event ${routingKey} failed its schema`,
    [RabbitHeader.ErrorStack]: 'ContractValidationError: boom\n    at handler (order.ts:1:1)\n    at dispatch (transport.ts:2:2)',
    [RabbitHeader.OriginalQueue]: 'payment.service.order.created',
    [RabbitHeader.Attempts]: seed.attempts ?? 1,
    [RabbitHeader.FirstFailureAt]: '2025-01-01T10:00:00.000Z',
    [RabbitHeader.LastFailureAt]: '2025-01-01T10:00:30.000Z',
    [RabbitHeader.Service]: 'payment-service',
    [RabbitHeader.Host]: 'test-host',
    [RabbitHeader.Violations]: JSON.stringify([{ path: '/amount', message: 'must be >= 0' }]),
    ...seed.extraHeaders,
  };
  if (seed.exchange !== null) {
    headers[RabbitHeader.OriginalExchange] = seed.exchange ?? fixture.exchange;
    headers[RabbitHeader.OriginalRoutingKey] = routingKey;
  }
  if (seed.replayCount !== undefined) headers[RabbitHeader.ReplayCount] = seed.replayCount;
  const body = seed.body ?? Buffer.from(JSON.stringify({ orderId: seed.orderId ?? `order-${seed.id}`, amount: -1 }));
  fixture.channel.sendToQueue(fixture.dlq, body, {
    messageId: seed.id,
    correlationId: `corr-${seed.id}`,
    type: routingKey,
    appId: 'order-service',
    timestamp: 1_735_725_600,
    contentType: 'application/json',
    persistent: true,
    headers,
  });
}

export async function messageCount(fixture: Fixture, queue: string): Promise<number> {
  const channel = await fixture.model.createChannel();
  try {
    return (await channel.checkQueue(queue)).messageCount;
  } finally {
    await channel.close().catch(() => undefined);
  }
}

export async function waitForCount(fixture: Fixture, queue: string, expected: number): Promise<void> {
  await waitFor(async () => (await messageCount(fixture, queue)) === expected, `${queue} to hold ${expected} message(s)`);
}

/** Takes `expected` messages off a queue (acked), waiting for them with a deadline. */
export async function takeMessages(fixture: Fixture, queue: string, expected: number): Promise<GetMessage[]> {
  const taken: GetMessage[] = [];
  await waitFor(async () => {
    while (taken.length < expected) {
      const message = await fixture.channel.get(queue, { noAck: true });
      if (!message) return false;
      taken.push(message);
    }
    return true;
  }, `${expected} message(s) on ${queue}`);
  return taken;
}

export interface CapturedIo {
  stdout: { write(text: string): boolean; text: string };
  stderr: { write(text: string): boolean; text: string; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

export function captureIo(): CapturedIo {
  const sink = () => {
    const target = {
      text: '',
      write(text: string) {
        target.text += text;
        return true;
      },
    };
    return target;
  };
  return { stdout: sink(), stderr: sink(), env: { AMQP_URL: TEST_AMQP_URL } };
}
