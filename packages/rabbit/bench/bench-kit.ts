/**
 * What every side of the rabbit bench shares: the body, the queue's arguments, the publish window,
 * the countdown of consumed messages and the measurement itself, so the sides differ only in the
 * client they drive.
 */
import type { EventData } from '@ecom/contracts';
import { connect, type ChannelModel } from 'amqplib';
import { declareTopology } from '../src/topology/declare-topology';
import type { QueueDeclaration, QueueSpec } from '../src/topology/queue-declaration';
import { queueSpecsOf } from '../src/topology/queue-topology';

/** The one body every side sends: a valid order.created. */
export const DATA: EventData<'order.created'> = {
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

export const ROUTING_KEY = 'order.created';

/** The library's default; given to every side so each quorum queue gets the same arguments. */
export const DELIVERY_LIMIT = 20;

/** A run with no consumed message for this long has lost messages: it fails instead of hanging. */
const STALL_MS = 30_000;

/** Where one side's messages go: its own exchange and queue, so no side consumes another's. */
export interface SideSetup {
  url: string;
  exchange: string;
  queue: QueueDeclaration;
  prefetch: number;
  /** How many publishes may await their confirm at once. */
  window: number;
}

/** One measured run of one side. */
export interface Measured {
  messages: number;
  /** First publish to the last ack. */
  seconds: number;
  msgsPerSec: number;
  /** First publish to the last confirm. */
  publishSeconds: number;
  /** This process's user + system CPU over the run; the sides run one at a time, so it is this side's. */
  cpuMs: number;
  cpuMsPer1k: number;
}

export interface Side {
  run(messages: number): Promise<Measured>;
  close(): Promise<void>;
}

/** Every queue a side needs (work queue and its DLQ), with the arguments all sides share. */
export function queueSpecsFor(setup: SideSetup): QueueSpec[] {
  return queueSpecsOf(setup.queue, { exchange: setup.exchange, queueType: 'quorum', deliveryLimit: DELIVERY_LIMIT });
}

/** Declares a side's exchange and queues on `connection`; returns the work queue's spec. */
export async function declareSideTopology(connection: ChannelModel, setup: SideSetup): Promise<QueueSpec> {
  const specs = queueSpecsFor(setup);
  await declareTopology(connection, [{ name: setup.exchange, type: 'topic' }], specs);
  return specs[0];
}

/**
 * Declares a side's topology over a short-lived connection, for the clients that declare their
 * queue themselves: they then assert it with the arguments returned here, which the broker accepts
 * as the same queue.
 */
export async function declareSideTopologyAlone(setup: SideSetup): Promise<QueueSpec> {
  const connection = await connect(setup.url);
  try {
    return await declareSideTopology(connection, setup);
  } finally {
    await connection.close().catch(() => undefined);
  }
}

/** Counts consumed messages and resolves when the expected number arrived. */
export class Countdown {
  private count = 0;
  private target = Infinity;
  private done: (() => void) | undefined;

  expect(target: number): Promise<void> {
    this.count = 0;
    this.target = target;
    return new Promise((resolve, reject) => {
      let seen = -1;
      const watchdog = setInterval(() => {
        if (this.count === seen) {
          clearInterval(watchdog);
          reject(new Error(`${this.count} of ${target} messages consumed, then none for ${STALL_MS / 1000} s`));
        }
        seen = this.count;
      }, STALL_MS);
      this.done = () => {
        clearInterval(watchdog);
        resolve();
      };
    });
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

/** Publishes `messages` through `publishOne` and waits until `countdown` saw them all consumed. */
export async function measure(
  messages: number,
  window: number,
  countdown: Countdown,
  publishOne: () => Promise<unknown>,
): Promise<Measured> {
  const consumed = countdown.expect(messages);
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  // Awaited together, so a stall in consuming fails the run even while publishes are still out.
  const [published] = await Promise.all([windowed(messages, window, publishOne).then(() => process.hrtime.bigint()), consumed]);
  const ended = process.hrtime.bigint();
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = Number(ended - started) / 1e9;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return {
    messages,
    seconds,
    msgsPerSec: messages / seconds,
    publishSeconds: Number(published - started) / 1e9,
    cpuMs,
    cpuMsPer1k: cpuMs / (messages / 1000),
  };
}
