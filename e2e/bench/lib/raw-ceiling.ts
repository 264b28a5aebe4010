import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { EXCHANGE } from '@ecom/contracts';
import { queueSpecsOf } from '@ecom/rabbit/topology';
import { toQueueDeclaration } from '@ecom/service-kit';
import { connect, type ConfirmChannel } from 'amqplib';
import { createVhost } from '../../src/support/rabbitmqctl';
import { nodeFlagsOf } from '../../src/support/system';
import { onCleanup } from './cleanup';
import { cpuSnapshot, cpuSince, type CpuSnapshot } from './machine';
import { orderCreated } from './raw-messages';
import { RawRoleRunner } from './raw-role';
import { HOP_KEYS, SHIPPED, Spy, type OrderLatencies, type StartedOrder } from './spy';
import { deliveriesPerOrder, publishesPerOrder, rawQueues, rawRoles, type RawMode, type RawRole } from './raw-topology';

const ROOT = resolve(__dirname, '../../..');
const REGISTER = join(ROOT, 'packages/rabbit/bench/swc-register.cjs');

/** What every raw run needs: the topology, the consumers' processes and prefetch, the warm-up. */
interface RawRunOptions {
  mode: RawMode;
  warmup: number;
  window: number;
  prefetch: number;
  processes: 'separate' | 'same';
}

export interface RawCeilingOptions extends RawRunOptions {
  orders: number;
}

export interface RawFixedRateOptions extends RawRunOptions {
  rate: number;
  seconds: number;
}

/**
 * The raw roles doing the work at a fixed rate: cores busy on average, per process, and how long an
 * order took, publish → its shipping.shipment.created at the bench's spy, with the hops the system's
 * fixed-rate run reports (the floor under the system's latencies: the broker's part of each hop).
 */
export interface RawFixedRateResult extends OrderLatencies {
  mode: RawMode;
  rate: number;
  seconds: number;
  orders: number;
  cpu: Record<string, number>;
}

export interface RawCeilingResult {
  mode: RawMode;
  processes: 'separate' | 'same';
  orders: number;
  seconds: number;
  ordersPerSec: number;
  publishesPerOrder: number;
  deliveriesPerOrder: number;
  publishSeconds: number;
  cpu: Record<string, number>;
}

interface RoleHandle {
  reach(target: number): Promise<void>;
  close(): Promise<void>;
}

interface RawRoles {
  pids: Record<string, number>;
  /**
   * Publishes `orders` more orders, at full speed (`window` unconfirmed at most) or, given a rate,
   * open loop at that rate; resolves once every role saw them all.
   */
  round: (orders: number, rate?: number) => Promise<{ seconds: number; publishSeconds: number; sent: StartedOrder[] }>;
  /** With `spy` asked for: the bench's own queue on the order's events (classic, exclusive, auto-ack), as in the system's runs. */
  spy?: Spy;
}

/**
 * A vhost of its own with the services' queues, the raw role consumers and a confirm-channel
 * publisher, for `work`; all of it removed afterwards (also on error and on Ctrl-C).
 */
async function withRawRoles<T>(options: RawRunOptions & { spy?: boolean }, work: (roles: RawRoles) => Promise<T>): Promise<T> {
  const vhost = await createVhost(`bench-raw-${options.mode}`);
  const removeVhost = onCleanup(`delete vhost ${vhost.name}`, () => vhost.remove());
  const handles: RoleHandle[] = [];
  const closeRoles = onCleanup('stop raw consumers', () => Promise.all(handles.map((h) => h.close())));
  const connection = await connect(vhost.url, { noDelay: true });
  const closeConnection = onCleanup('close raw publisher', () => connection.close().catch(() => undefined));
  try {
    // The same exchange and queue arguments the services declare (quorum, DLX, delivery limit).
    const setup = await connection.createChannel();
    await setup.assertExchange(EXCHANGE, 'topic', { durable: true });
    for (const queue of rawQueues(options.mode)) {
      for (const spec of queueSpecsOf(toQueueDeclaration(queue), { exchange: EXCHANGE, queueType: 'quorum', deliveryLimit: 20 })) {
        await setup.assertQueue(spec.name, { durable: true, arguments: spec.arguments });
        for (const binding of spec.bindings) await setup.bindQueue(spec.name, binding.exchange, binding.routingKey);
      }
    }
    await setup.close();
    // Bound before anything is published, so it sees every order.
    const spy = options.spy ? await Spy.start(vhost.url, HOP_KEYS) : undefined;
    const closeSpy = onCleanup('close the raw spy', async () => spy?.close());

    const roles = Object.entries(rawRoles(options.mode)) as [RawRole, NonNullable<ReturnType<typeof rawRoles>[RawRole]>][];
    const pids: Record<string, number> = {};
    for (const [role] of roles) {
      const handle = options.processes === 'separate' ? await forkRole(role, options, vhost.url) : await inProcessRole(role, options, vhost.url);
      handles.push(handle);
      if ('pid' in handle) pids[role] = handle.pid as number;
    }
    const publisher = await connection.createConfirmChannel();
    publisher.on('return', () => console.error('raw ceiling: an order.created was returned (unroutable)'));

    let sent = 0;
    const round: RawRoles['round'] = async (orders, rate) => {
      sent += orders;
      const reached = Promise.all(roles.map(([, spec], i) => handles[i].reach(sent * spec.perOrder)));
      const started = performance.now();
      const sentOrders = rate === undefined ? (await publishAll(publisher, orders, options.window), []) : await publishAtRate(publisher, orders, rate);
      const published = performance.now();
      await reached;
      return { seconds: (performance.now() - started) / 1000, publishSeconds: (published - started) / 1000, sent: sentOrders };
    };
    try {
      return await work({ pids, round, spy });
    } finally {
      await closeSpy();
    }
  } finally {
    await closeConnection();
    await closeRoles();
    await removeVhost();
  }
}

export async function runRawCeiling(options: RawCeilingOptions): Promise<RawCeilingResult> {
  return withRawRoles(options, async ({ pids, round }) => {
    if (options.warmup > 0) await round(options.warmup);
    const before: CpuSnapshot = await cpuSnapshot(pids);
    const measured = await round(options.orders);
    const cpu = cpuSince(before, await cpuSnapshot(pids));
    return {
      mode: options.mode,
      processes: options.processes,
      orders: options.orders,
      seconds: measured.seconds,
      ordersPerSec: options.orders / measured.seconds,
      publishesPerOrder: publishesPerOrder(options.mode),
      deliveriesPerOrder: deliveriesPerOrder(options.mode),
      publishSeconds: measured.publishSeconds,
      cpu,
    };
  });
}

/**
 * The same broker work at a fixed rate (open loop, one order at a time), after a
 * warm-up at full speed: its CPU per order is what the machine charges for an order that arrives
 * alone, with none of the services' code.
 */
export async function runRawFixedRate(options: RawFixedRateOptions): Promise<RawFixedRateResult> {
  return withRawRoles({ ...options, spy: true }, async ({ pids, round, spy }) => {
    if (options.warmup > 0) await round(options.warmup);
    const orders = Math.round(options.rate * options.seconds);
    const before: CpuSnapshot = await cpuSnapshot(pids);
    const { sent } = await round(orders, options.rate);
    const cpu = cpuSince(before, await cpuSnapshot(pids));
    // The roles saw every message; the spy's copies may trail them by a moment.
    const seen = spy as Spy;
    await seen.waitFor(SHIPPED, sent.map((o) => o.orderId), 60_000);
    return { mode: options.mode, rate: options.rate, seconds: options.seconds, orders, cpu, ...seen.latencies(sent, 'publish') };
  });
}

/**
 * Publishes order.created, as the POST's transaction does, persistent + mandatory with confirms, at
 * most `window` unconfirmed; `orderId` names the order when one is published alone.
 */
function publishAll(channel: ConfirmChannel, count: number, window: number, orderId?: string): Promise<void> {
  return new Promise((resolvePublished, reject) => {
    let sent = 0;
    let confirmed = 0;
    let blocked = false;
    const pump = () => {
      while (!blocked && sent < count && sent - confirmed < window) {
        const message = orderCreated(orderId);
        sent++;
        const writable = channel.publish(EXCHANGE, message.routingKey, message.body, message.options, (error) => {
          if (error) return reject(new Error(`raw ceiling: ${message.routingKey} not confirmed: ${String(error)}`));
          if (++confirmed === count) resolvePublished();
          else pump();
        });
        if (!writable) {
          blocked = true;
          channel.once('drain', () => {
            blocked = false;
            pump();
          });
        }
      }
    };
    pump();
  });
}

/** Open loop, as the system's fixed-rate run: order i goes out at t0 + i/rate whatever the confirms do. */
async function publishAtRate(channel: ConfirmChannel, count: number, rate: number): Promise<StartedOrder[]> {
  const confirmed: Promise<void>[] = [];
  const sent: StartedOrder[] = [];
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 0) await new Promise((resolveTick) => setTimeout(resolveTick, wait));
    const order = { orderId: randomUUID(), sentAt: performance.now() };
    sent.push(order);
    confirmed.push(publishAll(channel, 1, 1, order.orderId));
  }
  await Promise.all(confirmed);
  return sent;
}

async function inProcessRole(role: RawRole, options: RawRunOptions, url: string): Promise<RoleHandle> {
  const runner = new RawRoleRunner({ role, mode: options.mode, url, prefetch: options.prefetch });
  await runner.start();
  return runner;
}

async function forkRole(role: RawRole, options: RawRunOptions, url: string): Promise<RoleHandle & { pid: number }> {
  const child: ChildProcess = fork(join(__dirname, '..', 'raw-worker.ts'), [role, options.mode, String(options.prefetch)], {
    // A service's runtime flags (the five serve targets give the same): the ceiling is raw amqplib on
    // the same footing, not on V8's defaults.
    execArgv: ['-r', REGISTER, ...nodeFlagsOf('order-service')],
    env: { ...process.env, AMQP_URL: url, NODE_OPTIONS: '' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const waiters = new Map<number, () => void>();
  let failed: Error | undefined;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  await new Promise<void>((resolveReady, reject) => {
    child.on('message', (message: { ready?: boolean; reached?: number }) => {
      if (message.ready) resolveReady();
      if (message.reached !== undefined) waiters.get(message.reached)?.();
    });
    child.once('exit', (code) => {
      failed = new Error(`raw worker ${role} exited with ${code}`);
      reject(failed);
    });
  });
  return {
    pid: child.pid as number,
    reach: (target) =>
      new Promise<void>((resolveReach, reject) => {
        if (failed) return reject(failed);
        waiters.set(target, resolveReach);
        child.once('exit', () => reject(new Error(`raw worker ${role} exited`)));
        child.send({ target });
      }),
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ close: true });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
