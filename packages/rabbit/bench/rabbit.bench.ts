/**
 * End-to-end throughput of @ecom/rabbit against raw amqplib with the same settings, in one run:
 * persistent messages, a confirm channel, `mandatory`, manual ack, the same prefetch, the same
 * body, one connection with noDelay, a quorum queue declared with the same arguments, and the same
 * window of outstanding confirms. msgs/s counts from the first publish to the last ack.
 *
 *   npx nx run rabbit:bench [--messages 20000] [--window 500] [--prefetch 50] [--rounds 1]
 *   (`--only lib` or `--only raw` runs one side alone, for profiling: no ratio then)
 *
 * Runs under Node with the @swc/core hook in ./swc-register.cjs (Nest's injector needs the
 * decorator metadata that tsx/esbuild does not emit).
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import type { EventData } from '@ecom/contracts';
import { Controller, Injectable, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { connect, type ConsumeMessage } from 'amqplib';
import { Registry } from 'prom-client';
import { connectRabbitTransport, RabbitModule, RabbitPublisher, type QueueDeclaration } from '../src';
import { declareTopology } from '../src/topology/declare-topology';
import { queueSpecsOf } from '../src/topology/queue-topology';

const AMQP_URL = process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const ROOT = resolve(__dirname, '../../..');

function flag(name: string, fallback: number): number {
  const args = process.argv.slice(2);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === `--${name}` && args[i + 1] !== undefined) return Number(args[i + 1]);
    if (arg.startsWith(`--${name}=`)) return Number(arg.slice(name.length + 3));
  }
  return fallback;
}

const MESSAGES = flag('messages', 20_000);
const WINDOW = flag('window', 500);
const PREFETCH = flag('prefetch', 50);
const ROUNDS = flag('rounds', 1);
const ONLY = process.argv.find((arg, i, all) => all[i - 1] === '--only') ?? process.argv.find((arg) => arg.startsWith('--only='))?.slice(7);
const WARMUP = Math.min(2_000, Math.max(200, Math.floor(MESSAGES / 10)));

/** The one body both sides send: a valid order.created. */
const DATA: EventData<'order.created'> = {
  orderId: '5b2f6a3e-8f1c-4c1e-9a55-0f3b7c9d2e11',
  customerId: 'CUST123',
  customerEmail: 'customer@example.com',
  items: [
    { productId: 'PROD123', quantity: 1, price: 29.99 },
    { productId: 'PROD456', quantity: 2, price: 10.5 },
  ],
  totalAmount: 50.99,
  currency: 'USD',
  createdAt: '2025-01-01T12:00:00.000Z',
};

interface Result {
  impl: 'raw amqplib' | '@ecom/rabbit';
  messages: number;
  seconds: number;
  msgsPerSec: number;
  /** First publish to the last confirm. */
  publishSeconds: number;
}

/** Counts consumed messages and resolves when the expected number arrived. */
class Countdown {
  private count = 0;
  private target = Infinity;
  private done: (() => void) | undefined;
  expect(target: number): Promise<void> {
    this.count = 0;
    this.target = target;
    return new Promise((resolve) => (this.done = resolve));
  }
  hit(): void {
    if (++this.count === this.target) this.done?.();
  }
}

/** Runs `total` publishes with at most `window` awaiting their confirm. */
async function windowed(total: number, window: number, publishOne: () => Promise<unknown>): Promise<void> {
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < total) {
      started++;
      await publishOne();
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, total) }, worker));
}

async function measure(
  impl: Result['impl'],
  messages: number,
  countdown: Countdown,
  publishOne: () => Promise<unknown>,
): Promise<Result> {
  const consumed = countdown.expect(messages);
  const started = process.hrtime.bigint();
  await windowed(messages, WINDOW, publishOne);
  const published = process.hrtime.bigint();
  await consumed;
  const ended = process.hrtime.bigint();
  const seconds = Number(ended - started) / 1e9;
  return { impl, messages, seconds, msgsPerSec: messages / seconds, publishSeconds: Number(published - started) / 1e9 };
}

// ---------------------------------------------------------------------------------------------
// Raw amqplib

async function rawBench(exchange: string, queue: QueueDeclaration) {
  const countdown = new Countdown();
  const model = await connect(AMQP_URL, { noDelay: true });
  await declareTopology(model, [{ name: exchange, type: 'topic' }], queueSpecsOf(queue, { exchange, queueType: 'quorum', deliveryLimit: 20 }));
  const consumer = await model.createChannel();
  await consumer.prefetch(PREFETCH);
  await consumer.consume(
    queue.name,
    (message: ConsumeMessage | null) => {
      if (!message) return;
      JSON.parse(message.content.toString('utf8')); // what any consumer does with the body
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
        exchange,
        'order.created',
        Buffer.from(JSON.stringify(DATA)),
        { persistent: true, mandatory: true, messageId: randomUUID(), contentType: 'application/json', timestamp: Math.floor(Date.now() / 1000) },
        (error) => (error ? reject(error) : resolve()),
      );
    });
  return {
    run: async (messages: number) => {
      const result = await measure('raw amqplib', messages, countdown, publishOne);
      if (returned) throw new Error(`${returned} raw messages were returned unroutable`);
      return result;
    },
    close: async () => {
      await consumer.close().catch(() => undefined);
      await publisher.close().catch(() => undefined);
      await model.close().catch(() => undefined);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// @ecom/rabbit in a Nest hybrid app

@Injectable()
class Sink extends Countdown {}

@Controller()
class BenchController {
  constructor(private readonly sink: Sink) {}

  @EventPattern('order.created')
  onOrderCreated(@Payload() _data: EventData<'order.created'>): void {
    this.sink.hit();
  }
}

async function libraryBench(exchange: string, queue: QueueDeclaration) {
  @Module({
    imports: [
      RabbitModule.forRoot({
        url: AMQP_URL,
        service: 'rabbit-bench',
        exchange,
        queues: [queue],
        queueType: 'quorum',
        prefetch: PREFETCH,
        metricsRegistry: new Registry(),
      }),
    ],
    controllers: [BenchController],
    providers: [Sink],
  })
  class BenchModule {}

  const app: INestApplication = await NestFactory.create(BenchModule, { logger: ['error'] });
  connectRabbitTransport(app);
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const publisher = app.get(RabbitPublisher);
  const sink = app.get(Sink);
  const publishOne = () => publisher.publish('order.created', DATA);
  return {
    run: (messages: number) => measure('@ecom/rabbit', messages, sink, publishOne),
    close: () => app.close(),
  };
}

// ---------------------------------------------------------------------------------------------

async function cleanup(names: { exchanges: string[]; queues: string[] }): Promise<void> {
  const model = await connect(AMQP_URL);
  const channel = await model.createChannel();
  for (const queue of names.queues) await channel.deleteQueue(queue).catch(() => undefined);
  for (const exchange of names.exchanges) await channel.deleteExchange(exchange).catch(() => undefined);
  await model.close().catch(() => undefined);
}

function table(results: Result[]): string {
  const rows = [['impl', 'round', 'messages', 'seconds', 'msgs/s', 'publish+confirm s']];
  results.forEach((r, i) =>
    rows.push([r.impl, String(Math.floor(i / (ONLY ? 1 : 2)) + 1), String(r.messages), r.seconds.toFixed(2), r.msgsPerSec.toFixed(0), r.publishSeconds.toFixed(2)]),
  );
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

async function main(): Promise<void> {
  const id = randomUUID().slice(0, 8);
  const base = `bench.rabbit.${id}`;
  const rawNames = { exchange: `${base}.raw`, queue: { name: `${base}.raw.q`, bindings: ['order.created'] } };
  const libNames = { exchange: `${base}.lib`, queue: { name: `${base}.lib.q`, bindings: ['order.created'] } };
  const names = {
    exchanges: [rawNames.exchange, libNames.exchange],
    queues: [rawNames.queue.name, `${rawNames.queue.name}.dlq`, libNames.queue.name, `${libNames.queue.name}.dlq`],
  };
  console.log(`rabbit bench: ${MESSAGES} messages, window ${WINDOW}, prefetch ${PREFETCH}, quorum queues, ${ROUNDS} round(s), names ${base}.*`);
  const raw = ONLY === 'lib' ? undefined : await rawBench(rawNames.exchange, rawNames.queue);
  const lib = ONLY === 'raw' ? undefined : await libraryBench(libNames.exchange, libNames.queue);
  const sides = [raw, lib].filter((side) => side !== undefined);
  const results: Result[] = [];
  try {
    // Warm both up (JIT, broker queue processes) before measuring; not counted.
    for (const side of sides) await side.run(WARMUP);
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate who goes first, so neither always meets a broker busy with the other's leftovers.
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      const pair: Result[] = [];
      for (const side of order) pair.push(await side.run(MESSAGES));
      results.push(...pair.sort((a, b) => (a.impl < b.impl ? 1 : -1)));
    }
  } finally {
    await lib?.close();
    await raw?.close();
    await cleanup(names);
  }
  if (sides.length < 2) {
    console.log(table(results));
    return;
  }
  const rate = (impl: Result['impl']) => {
    const own = results.filter((r) => r.impl === impl);
    return own.reduce((sum, r) => sum + r.messages, 0) / own.reduce((sum, r) => sum + r.seconds, 0);
  };
  const ratio = rate('@ecom/rabbit') / rate('raw amqplib');
  console.log(table(results));
  console.log(`raw ${rate('raw amqplib').toFixed(0)} msgs/s, library ${rate('@ecom/rabbit').toFixed(0)} msgs/s`);
  console.log(`ratio ${ratio.toFixed(2)}`);
  const dir = join(ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'rabbit-bench.json');
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        settings: { messages: MESSAGES, window: WINDOW, prefetch: PREFETCH, rounds: ROUNDS, warmup: WARMUP, queueType: 'quorum', persistent: true, mandatory: true, confirms: true, manualAck: true, noDelay: true },
        results,
        rawMsgsPerSec: rate('raw amqplib'),
        libraryMsgsPerSec: rate('@ecom/rabbit'),
        ratio,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${file}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
