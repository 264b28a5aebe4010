import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RunningConsole } from '../../src/support/flow-console';
import { createVhost } from '../../src/support/rabbitmqctl';
import { SERVICES, RunningSystem, type Service, type SystemOptions } from '../../src/support/system';
import { README_BODY } from '../../src/support/orders';
import { onCleanup } from './cleanup';
import { HttpClient, pool } from './http-client';
import { cpuSnapshot, cpuSince, processRssMb } from './machine';
import { HOP_KEYS, SHIPPED, Spy } from './spy';
import { distribution, type Distribution } from './stats';


export interface SystemRunOptions {
  portBase: number;
  logLevel: string;
  prefetch: number;
  /** Extra environment for the services (e.g. NODE_OPTIONS for profiling). */
  env?: Record<string, string>;
  /** The flow console beside them (its own tap on every event, health polls), as `npm start` runs it. */
  console?: boolean;
}

/** The console's process in the CPU tables. */
export const CONSOLE = 'flow-console';

interface Started {
  system: RunningSystem;
  pids: Record<string, number>;
  stop: () => Promise<void>;
}

/**
 * The five services as `npm start` runs them, and the flow console beside them when asked (port
 * portBase + 5); start() stops them again if one never gets ready.
 */
async function startSystem(options: SystemOptions & { console?: boolean }): Promise<Started> {
  const system = await RunningSystem.start(options);
  const stopSystem = onCleanup('stop the services', () => system.stop());
  const pids: Record<string, number> = Object.fromEntries(SERVICES.map((s) => [s, system.pid(s)]));
  let flowConsole: RunningConsole | undefined;
  const stopConsole = onCleanup('stop the flow console', async () => flowConsole?.stop());
  if (options.console) {
    flowConsole = await RunningConsole.start(system, { amqpUrl: options.amqpUrl, port: options.portBase + SERVICES.length, env: { LOG_LEVEL: options.env?.['LOG_LEVEL'] ?? 'warn', CONSOLE_POLL_MS: '2000' } });
    pids[CONSOLE] = flowConsole.pid as number;
  }
  return {
    system,
    pids,
    stop: async () => {
      await stopConsole();
      await stopSystem();
    },
  };
}

async function withSystem<T>(
  label: string,
  options: SystemRunOptions,
  spyKeys: readonly string[],
  work: (context: { started: Started; spy: Spy; client: HttpClient; vhost: string }) => Promise<T>,
): Promise<T> {
  const vhost = await createVhost(label);
  const removeVhost = onCleanup(`delete vhost ${vhost.name}`, () => vhost.remove());
  let spy: Spy | undefined;
  const closeSpy = onCleanup('close the spy', async () => spy?.close());
  let client: HttpClient | undefined;
  try {
    // Bound before the services start, so it sees every order's events.
    spy = await Spy.start(vhost.url, spyKeys);
    const started = await startSystem({
      amqpUrl: vhost.url,
      portBase: options.portBase,
      console: options.console,
      env: { CARRIER_SCHEDULE: '*=ok', PREFETCH: String(options.prefetch), LOG_LEVEL: options.logLevel, ...options.env },
    });
    try {
      client = new HttpClient(started.system.url('order-service'), 256);
      return await work({ started, spy, client, vhost: vhost.name });
    } finally {
      client?.close();
      await started.stop();
    }
  } finally {
    await closeSpy();
    await removeVhost();
  }
}

let customer = 0;
function body() {
  return { ...README_BODY, customerId: `BENCH${++customer}` };
}

/** Sends `count` orders, `concurrency` at a time, and waits until each is shipped. */
async function burst(client: HttpClient, spy: Spy, count: number, concurrency: number) {
  const posts = await pool(count, concurrency, () => client.postOrder(body()));
  await spy.waitFor(SHIPPED, posts.map((p) => p.orderId), 60_000 + count * 50);
  return posts;
}

export interface FullSpeedResult {
  orders: number;
  concurrency: number;
  seconds: number;
  ordersPerSec: number;
  /** From the first POST to the last 201: how fast order-service takes orders. */
  postSeconds: number;
  postsPerSec: number;
  httpLatencyMs: Distribution;
  /** Cores busy on average during the run, per process. */
  cpu: Record<string, number>;
  /** CPU milliseconds each process spent per order. */
  cpuMsPerOrder: Record<string, number>;
  profiles?: Record<string, string>;
}

/** Services to CPU-profile over a part's measured window (cpu-prof-preload.cjs) and where their profiles go. */
export interface ProfileOptions {
  dir: string;
  services: Service[];
}

/** The preload starts the V8 profiler on the first SIGWINCH. */
function startProfiles(pids: Record<string, number>, profile: ProfileOptions | undefined): void {
  for (const service of profile?.services ?? []) process.kill(pids[service], 'SIGWINCH');
}

/** The second SIGWINCH stops the profiler and writes `<dir>/<service>.cpuprofile`; waits for each file. */
async function stopProfiles(pids: Record<string, number>, profile: ProfileOptions | undefined): Promise<Record<string, string> | undefined> {
  if (!profile) return undefined;
  const profiles: Record<string, string> = {};
  for (const service of profile.services) {
    process.kill(pids[service], 'SIGWINCH');
    const file = join(profile.dir, `${service}.cpuprofile`);
    const deadline = Date.now() + 15_000;
    while (!existsSync(file) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    profiles[service] = file;
  }
  return profiles;
}

export async function runFullSpeed(
  options: SystemRunOptions & { orders: number; concurrency: number; warmup: number; profile?: ProfileOptions },
): Promise<FullSpeedResult> {
  return withSystem('bench-full', options, [SHIPPED], async ({ started, spy, client }) => {
    if (options.warmup > 0) await burst(client, spy, options.warmup, options.concurrency);
    const before = await cpuSnapshot(started.pids);
    startProfiles(started.pids, options.profile);
    const t0 = performance.now();
    const posts = await pool(options.orders, options.concurrency, () => client.postOrder(body()));
    const lastAnswer = performance.now();
    await spy.waitFor(SHIPPED, posts.map((p) => p.orderId), 60_000 + options.orders * 50);
    const shippedAt = Math.max(...posts.map((p) => spy.at(SHIPPED, p.orderId)));
    const cpu = cpuSince(before, await cpuSnapshot(started.pids));
    const profiles = await stopProfiles(started.pids, options.profile);
    const seconds = (shippedAt - t0) / 1000;
    return {
      orders: options.orders,
      concurrency: options.concurrency,
      seconds,
      ordersPerSec: options.orders / seconds,
      postSeconds: (lastAnswer - t0) / 1000,
      postsPerSec: options.orders / ((lastAnswer - t0) / 1000),
      httpLatencyMs: distribution(posts.map((p) => p.answeredAt - p.sentAt)),
      cpu,
      cpuMsPerOrder: Object.fromEntries(Object.entries(cpu).map(([k, cores]) => [k, Math.round(((cores * seconds * 1000) / options.orders) * 100) / 100])),
      profiles,
    };
  });
}

export interface FixedRateResult {
  rate: number;
  seconds: number;
  orders: number;
  achievedRate: number;
  /** POST sent → shipping.shipment.created at the spy. */
  latencyMs: Distribution;
  /** The same, split by hop (each measured at the spy, so each includes one broker delivery). */
  hopsMs: Record<string, Distribution>;
  httpLatencyMs: Distribution;
  peakRssMb: Record<string, number>;
  startRssMb: Record<string, number>;
  cpu: Record<string, number>;
  /** CPU ms a second while nothing was sent, before the warm-up (timers, pollers, heartbeats: what an idle service costs). */
  idleCpuMsPerSecond: Record<string, number>;
  idleSeconds: number;
  profiles?: Record<string, string>;
}

/** Long enough that /proc's 10 ms CPU ticks give each service's idle cost to within 1 ms a second. */
const IDLE_SECONDS = 15;
/** Before the idle window: what the start left (the relay's first pass, the console's first poll) ends. */
const SETTLE_MS = 5_000;

/**
 * CPU ms a second of each process while nothing is sent: what timers, pollers and heartbeats cost,
 * paid at any rate (not cpuSince's cores rounded to 0.001: an idle service uses a few thousandths of one).
 */
async function idleCpu(pids: Record<string, number>): Promise<Record<string, number>> {
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const before = await cpuSnapshot(pids);
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  const after = await cpuSnapshot(pids);
  return Object.fromEntries(Object.keys(after.processes).map((name) => [name, ((after.processes[name] - before.processes[name]) * 1e6) / (after.at - before.at)]));
}

export async function runFixedRate(
  options: SystemRunOptions & { rate: number; seconds: number; warmup: number; profile?: ProfileOptions },
): Promise<FixedRateResult> {
  return withSystem('bench-rate', options, HOP_KEYS, async ({ started, spy, client, vhost: _vhost }) => {
    const idleCpuMsPerSecond = await idleCpu(started.pids);
    if (options.warmup > 0) await burst(client, spy, options.warmup, 16);
    const metricsClients = new Map(SERVICES.map((s) => [s, new HttpClient(started.system.url(s), 1)]));
    const peak: Record<string, number> = {};
    const first: Record<string, number> = {};
    // Read from /proc where it can be: a /metrics scrape costs each service about 3 ms of CPU
    // (measured here), and two a second would be charged to the orders (Prometheus scrapes every
    // 15–30 s). /metrics only where /proc does not show the process (not Linux).
    const rssMb = async (service: Service): Promise<number> => {
      const fromProc = processRssMb(started.pids[service]);
      if (Number.isFinite(fromProc)) return fromProc;
      const { text } = await (metricsClients.get(service) as HttpClient).call('GET', '/metrics');
      const line = text.split('\n').find((l) => l.startsWith('process_resident_memory_bytes'));
      return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) / 2 ** 20 : NaN;
    };
    const sample = async () => {
      await Promise.all(
        SERVICES.map(async (service) => {
          try {
            const mb = await rssMb(service);
            if (!Number.isFinite(mb)) return;
            first[service] ??= mb;
            peak[service] = Math.max(peak[service] ?? 0, mb);
          } catch {
            // a missed sample; the next one counts
          }
        }),
      );
    };
    await sample();
    const sampler = setInterval(() => void sample(), 500);
    const total = Math.round(options.rate * options.seconds);
    const interval = 1000 / options.rate;
    const posts: Promise<{ orderId: string; sentAt: number; answeredAt: number }>[] = [];
    const before = await cpuSnapshot(started.pids);
    startProfiles(started.pids, options.profile);
    const t0 = performance.now();
    try {
      // Open loop: order i goes out at t0 + i·interval whatever the answers do.
      await new Promise<void>((resolve) => {
        let i = 0;
        const tick = () => {
          const now = performance.now();
          while (i < total && t0 + i * interval <= now) {
            posts.push(client.postOrder(body()));
            i++;
          }
          if (i >= total) return resolve();
          setTimeout(tick, Math.max(0, t0 + i * interval - performance.now()));
        };
        tick();
      });
      const sendSeconds = (performance.now() - t0) / 1000;
      const done = await Promise.all(posts);
      await spy.waitFor(SHIPPED, done.map((p) => p.orderId), 60_000);
      const cpu = cpuSince(before, await cpuSnapshot(started.pids));
      const profiles = await stopProfiles(started.pids, options.profile);
      await sample();
      return {
        rate: options.rate,
        seconds: options.seconds,
        orders: total,
        achievedRate: total / sendSeconds,
        ...spy.latencies(done, 'POST'),
        httpLatencyMs: distribution(done.map((p) => p.answeredAt - p.sentAt)),
        peakRssMb: Object.fromEntries(SERVICES.map((s) => [s, Math.round((peak[s] ?? NaN) * 10) / 10])),
        startRssMb: Object.fromEntries(SERVICES.map((s) => [s, Math.round((first[s] ?? NaN) * 10) / 10])),
        cpu,
        idleCpuMsPerSecond,
        idleSeconds: IDLE_SECONDS,
        profiles,
      };
    } finally {
      clearInterval(sampler);
      for (const c of metricsClients.values()) c.close();
    }
  });
}
