/**
 * Whole-flow benchmark against the real broker, each part in a fresh vhost of its own:
 *  1. the ceiling: raw amqplib doing the flow's broker work (quorum queues, persistent, confirms,
 *     manual acks, prefetch, noDelay), orders/s from the first publish until every consumer
 *     saw every message;
 *  2. the five built services (as `npm start` runs them) at full speed: N POST /orders with
 *     bounded concurrency, orders/s from the first POST until every order is shipped (seen on
 *     the bench's own spy queue bound to shipping.shipment.created);
 *  3. the services at a fixed rate (open loop): latency per order from its POST to its
 *     shipping.shipment.created, per hop, and each service's peak RSS from GET /metrics.
 *
 *   npm run bench [-- --orders 2000 --concurrency 64 --rate 100 --seconds 30]
 *   node -r ./packages/rabbit/bench/swc-register.cjs e2e/bench/flow.bench.ts --help
 *
 * Every flag also reads an environment variable (BENCH_ORDERS, BENCH_SECONDS, …); see lib/args.ts.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { validateEvent } from '@ecom/contracts/validation';
import { SERVICES, type Service } from '../src/support/system';
import { rabbitmqctl } from '../src/support/rabbitmqctl';
import { parseArgs } from './lib/args';
import { cleanupAll } from './lib/cleanup';
import { machineInfo, setBrokerPid } from './lib/machine';
import { orderCreatedData, paymentSucceededData, shipmentCreatedData, stockReservedData } from './lib/raw-messages';
import { runRawCeiling, runRawFixedRate, type RawCeilingResult, type RawFixedRateResult } from './lib/raw-ceiling';
import { deliveriesPerOrder, publishesPerOrder, rawRoles } from './lib/raw-topology';
import { CONSOLE, runFixedRate, runFullSpeed, type FixedRateResult, type FullSpeedResult } from './lib/system-runs';
import { ms, table, type Distribution } from './lib/stats';

const ROOT = resolve(__dirname, '../..');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const brokerVersion = (await rabbitmqctl('version')).trim();
  const machine = machineInfo(`RabbitMQ ${brokerVersion}`);
  setBrokerPid(await rabbitmqctl('status').catch(() => ''));
  const bodies = checkBodies();
  const profileServices = args.cpuProf === '' ? [] : args.cpuProf === 'all' ? [...SERVICES] : (args.cpuProf.split(',') as Service[]);
  for (const s of profileServices) if (!SERVICES.includes(s)) throw new Error(`--cpu-prof: unknown service ${s}`);

  console.log(
    `flow bench: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGb} GB, node ${machine.node}, ${machine.broker}\n` +
      `  orders ${args.orders} (warm-up ${args.warmup}, not counted), HTTP concurrency ${args.concurrency}, fixed rate ${args.rate}/s for ${args.seconds} s, ` +
      `prefetch ${args.prefetch}, raw publish window ${args.window}\n` +
      `  services: LOG_LEVEL=${args.logLevel} (so logging does not dominate), CARRIER_SCHEDULE=*=ok, PREFETCH=${args.prefetch}, SQLite per service; ` +
      `flow console ${args.console ? 'up beside them (its tap sees every event)' : 'off (--console off)'}\n` +
      `  raw consumers: ${args.rawProcesses === 'separate' ? 'one process per consuming role (like the services)' : "in the bench's own process"}; ` +
      `event bodies: ${Object.entries(bodies).map(([k, v]) => `${k} ${v} B`).join(', ')}`,
  );

  const results: Results = { ceilings: [] };
  const portBase = await freePortBase();
  const system = { portBase, logLevel: args.logLevel, prefetch: args.prefetch, console: args.console };
  if (args.parts.has('ceiling')) {
    for (const mode of args.ceiling) {
      console.log(`… raw ceiling (${mode})`);
      results.ceilings.push(
        await runRawCeiling({ mode, orders: args.orders, warmup: args.warmup, window: args.window, prefetch: args.prefetch, processes: args.rawProcesses }),
      );
    }
  }
  // With --cpu-prof each system part profiles its own measured window, into a folder of its own.
  const profileDir = profileServices.length ? mkdtempSync(join(tmpdir(), 'ecom-bench-prof-')) : undefined;
  const profiling = (part: 'full' | 'rate') =>
    profileDir
      ? {
          env: { NODE_OPTIONS: `-r ${join(__dirname, 'cpu-prof-preload.cjs')}`, BENCH_PROFILE_DIR: join(profileDir, part) },
          profile: { dir: join(profileDir, part), services: profileServices },
        }
      : {};
  const profiled = profileServices.length ? ` (CPU-profiling ${profileServices.join(', ')})` : '';
  if (args.parts.has('full')) {
    console.log(`… system at full speed${profiled}`);
    results.fullSpeed = await runFullSpeed({ ...system, orders: args.orders, concurrency: args.concurrency, warmup: args.warmup, ...profiling('full') });
  }
  if (args.parts.has('rate')) {
    console.log(`… system at ${args.rate} orders/s for ${args.seconds} s${profiled}`);
    results.fixedRate = await runFixedRate({ ...system, rate: args.rate, seconds: args.seconds, warmup: args.warmup, ...profiling('rate') });
  }
  // Last, so it cannot disturb the system's figures: the system's own broker work at the system's
  // fixed rate, the machine's price of an order that arrives alone, to set the services' against.
  if (args.parts.has('ceiling') && args.parts.has('rate') && args.ceiling.includes('full')) {
    console.log(`… raw ceiling (full) at ${args.rate} orders/s for ${args.seconds} s`);
    results.rawFixedRate = await runRawFixedRate({
      mode: 'full',
      rate: args.rate,
      seconds: args.seconds,
      warmup: Math.min(args.warmup, 1000),
      window: args.window,
      prefetch: args.prefetch,
      processes: args.rawProcesses,
    });
  }
  if (profileDir) console.error(`CPU profiles: ${profileDir}/{full,rate}/<service>.cpuprofile`);

  const report = print(results, machine, args);
  const out = resolve(ROOT, args.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        at: new Date().toISOString(),
        machine,
        parameters: { ...args, parts: [...args.parts], eventBodyBytes: bodies, carrierSchedule: '*=ok', queueType: 'quorum', persistent: true, confirms: true, manualAck: true, noDelay: true },
        ...results,
        ratio: report.ratio,
        ratioBrief: report.ratioBrief,
        cpuPerOrder: report.cpuPerOrder,
      },
      null,
      2,
    )}\n`,
  );
  // stderr: the last lines of stdout are the figures.
  console.error(`wrote ${out}`);
}

interface Results {
  ceilings: RawCeilingResult[];
  fullSpeed?: FullSpeedResult;
  fixedRate?: FixedRateResult;
  rawFixedRate?: RawFixedRateResult;
}

/** The named processes' figures added up (NaN when one is missing, so a lost process shows). */
function sumOf(figures: Record<string, number>, names: readonly string[]): number {
  return names.reduce((total, name) => total + (figures[name] ?? NaN), 0);
}

/** One body of each kind the raw ceiling sends, checked against the contracts; their sizes. */
function checkBodies(): Record<string, number> {
  const order = orderCreatedData();
  const payment = paymentSucceededData(order);
  const samples = {
    'order.created': order,
    'payment.processed.successful': payment,
    'inventory.stock.reserved': stockReservedData(payment),
    'shipping.shipment.created': shipmentCreatedData(payment),
  } as const;
  const sizes: Record<string, number> = {};
  for (const [key, data] of Object.entries(samples)) {
    const result = validateEvent(key as keyof typeof samples, data);
    if (!result.ok) throw new Error(`raw ${key} body does not fit its contract: ${JSON.stringify(result.violations)}`);
    sizes[key] = Buffer.byteLength(JSON.stringify(data));
  }
  return sizes;
}

function print(results: Results, machine: ReturnType<typeof machineInfo>, args: ReturnType<typeof parseArgs>) {
  const rows: (string | number)[][] = [];
  for (const c of results.ceilings) {
    rows.push([
      `raw ceiling, ${c.mode === 'brief' ? "brief's 4 queues" : "system's 6 queues"} (${c.publishesPerOrder} pub + ${c.deliveriesPerOrder} deliv/order)`,
      c.orders,
      c.seconds.toFixed(2),
      c.ordersPerSec.toFixed(0),
      `publishing took ${c.publishSeconds.toFixed(2)} s`,
    ]);
  }
  const f = results.fullSpeed;
  if (f) {
    rows.push([
      `system full speed, POST c=${f.concurrency} → shipped (${publishesPerOrder('full')} pub + ${deliveriesPerOrder('full')} deliv/order)`,
      f.orders,
      f.seconds.toFixed(2),
      f.ordersPerSec.toFixed(0),
      `POSTs took ${f.postSeconds.toFixed(2)} s (${f.postsPerSec.toFixed(0)}/s), 201 p50 ${ms(f.httpLatencyMs.p50)} p99 ${ms(f.httpLatencyMs.p99)} ms`,
    ]);
  }
  console.log(`\nmachine: ${machine.cores} cores, ${machine.memoryGb} GB, node ${machine.node}, ${machine.broker}; services LOG_LEVEL=${args.logLevel}`);
  console.log(table(['throughput', 'orders', 'seconds', 'orders/s', 'notes'], rows));

  const cpuRuns: [string, Record<string, number>][] = [
    ...results.ceilings.map((c) => [`ceiling ${c.mode}`, c.cpu] as [string, Record<string, number>]),
    ...(f ? [['full speed', f.cpu] as [string, Record<string, number>]] : []),
    ...(results.fixedRate ? [[`${results.fixedRate.rate}/s`, results.fixedRate.cpu] as [string, Record<string, number>]] : []),
    ...(results.rawFixedRate ? [[`ceiling full ${results.rawFixedRate.rate}/s`, results.rawFixedRate.cpu] as [string, Record<string, number>]] : []),
  ];
  if (cpuRuns.length) {
    const names = [...new Set(cpuRuns.flatMap(([, cpu]) => Object.keys(cpu)))];
    console.log('\nCPU, cores busy on average during each measured run (1.00 = one core):');
    console.log(table(['process', ...cpuRuns.map(([name]) => name)], names.map((n) => [n, ...cpuRuns.map(([, cpu]) => (cpu[n] === undefined ? '' : Number.isFinite(cpu[n]) ? cpu[n].toFixed(2) : 'n/a'))])));
  }

  if (f) {
    const services = Object.entries(f.cpuMsPerOrder).filter(([k]) => SERVICES.includes(k as Service));
    const total = sumOf(f.cpuMsPerOrder, SERVICES);
    console.log(
      `\nCPU per order at full speed (ms): ${services.map(([k, v]) => `${k.replace('-service', '')} ${v.toFixed(2)}`).join(', ')}; ` +
        `services total ${total.toFixed(2)}, broker ${(f.cpuMsPerOrder['rabbitmq (beam)'] ?? NaN).toFixed(2)}` +
        (f.cpuMsPerOrder[CONSOLE] === undefined ? '' : `, flow console ${f.cpuMsPerOrder[CONSOLE].toFixed(2)}`),
    );
  }

  const r = results.fixedRate;
  const rawFull = results.ceilings.find((c) => c.mode === 'full');
  const rawRate = results.rawFixedRate;
  // With --raw-processes same the roles' CPU is the bench process's own: nothing to set apart.
  if (rawFull && rawRate && rawFull.processes === 'separate') {
    // CPU ms per order: cores busy × the run's length ÷ its orders (at a fixed rate, ÷ the rate).
    const roles = Object.keys(rawRoles('full'));
    const rawAtFull = (sumOf(rawFull.cpu, roles) * rawFull.seconds * 1000) / rawFull.orders;
    const rawAtRate = (sumOf(rawRate.cpu, roles) * 1000) / rawRate.rate;
    const rows: (string | number)[][] = [[`raw amqplib, ${roles.length} role processes`, rawAtFull.toFixed(2), rawAtRate.toFixed(2), (rawAtRate / rawAtFull).toFixed(1)]];
    if (f && r) {
      const servicesAtFull = sumOf(f.cpuMsPerOrder, SERVICES);
      const servicesAtRate = (sumOf(r.cpu, SERVICES) * 1000) / r.rate;
      rows.push(['the five services', servicesAtFull.toFixed(2), servicesAtRate.toFixed(2), (servicesAtRate / servicesAtFull).toFixed(1)]);
    }
    console.log(`\nCPU ms per order, full speed against ${rawRate.rate}/s (the same broker work; what a lone order costs on this machine):`);
    console.log(table(['processes', 'full speed', `${rawRate.rate}/s`, '× full speed'], rows));
  }
  if (r) {
    const line = (name: string, d: Distribution) => [name, d.count, ms(d.p50), ms(d.p95), ms(d.p99), ms(d.max)];
    console.log(`\nfixed rate: ${r.rate}/s for ${r.seconds} s (${r.orders} orders, sent at ${r.achievedRate.toFixed(1)}/s), latency in ms:`);
    // On a slower machine the fixed rate can be most of what the system can do at all; its latencies
    // are then queueing for CPU, and say little about the code.
    if (f) console.log(`  (the fixed rate is ${((100 * r.rate) / f.ordersPerSec).toFixed(0)} % of this run's full-speed throughput, ${f.ordersPerSec.toFixed(0)} orders/s)`);
    console.log(
      table(['latency (ms)', 'n', 'p50', 'p95', 'p99', 'max'], [
        line('POST sent → shipping.shipment.created', r.latencyMs),
        ...Object.entries(r.hopsMs).map(([k, d]) => line(`  ${k}`, d)),
        line('POST sent → 201 answered', r.httpLatencyMs),
      ]),
    );
    if (rawRate) {
      console.log(
        `\nthe same broker work by raw amqplib at ${rawRate.rate}/s (its role processes, no service code, no flow console): the floor under the latencies above, in ms:`,
      );
      console.log(
        table(['latency (ms)', 'n', 'p50', 'p95', 'p99', 'max'], [
          line('publish → shipping.shipment.created', rawRate.latencyMs),
          ...Object.entries(rawRate.hopsMs).map(([k, d]) => line(`  ${k}`, d)),
        ]),
      );
    }
    console.log(`\nmemory during the ${r.rate}/s run (resident set size, VmRSS from /proc every 500 ms; /metrics where there is no /proc):`);
    console.log(table(['service', 'start MB', 'peak MB'], SERVICES.map((s) => [s, r.startRssMb[s].toFixed(1), r.peakRssMb[s].toFixed(1)])));
    const idle = [...SERVICES, CONSOLE].filter((s) => r.idleCpuMsPerSecond[s] !== undefined);
    console.log(
      `\nidle (${r.idleSeconds} s once started, before the warm-up, nothing sent), CPU ms a second: ` +
        `${idle.map((s) => `${s.replace('-service', '')} ${r.idleCpuMsPerSecond[s].toFixed(1)}`).join(', ')}; broker ${(r.idleCpuMsPerSecond['rabbitmq (beam)'] ?? NaN).toFixed(1)}`,
    );
  }

  const brief = results.ceilings.find((c) => c.mode === 'brief');
  const full = results.ceilings.find((c) => c.mode === 'full');
  const ratioBrief = f && brief ? f.ordersPerSec / brief.ordersPerSec : undefined;
  const ratio = f && full ? f.ordersPerSec / full.ordersPerSec : undefined;
  const cpuPerOrder = f ? sumOf(f.cpuMsPerOrder, SERVICES) : undefined;
  if (ratioBrief !== undefined) console.log(`\nsystem / raw ceiling with the brief's broker work (4 queues, 2 pub + 5 deliv): ${ratioBrief.toFixed(2)}`);
  // The last three lines, for scripts: the ratio against the raw ceiling doing the system's own
  // broker work, p99 POST → shipment at the fixed rate, CPU ms per order of the five services.
  if (ratio !== undefined) console.log(`ratio ${ratio.toFixed(2)}`);
  if (r) console.log(`p99 ${r.latencyMs.p99.toFixed(1)}`);
  if (cpuPerOrder !== undefined) console.log(`cpu-per-order ${cpuPerOrder.toFixed(2)}`);
  return { ratio, ratioBrief, cpuPerOrder };
}

/**
 * Six consecutive free ports: the services and the flow console. They are taken from above Linux's
 * ephemeral range (32768–60999 by default): the system starts twice, and a port in that range can
 * be taken in between by one of the machine's own outgoing connections (EADDRINUSE on the second start).
 */
async function freePortBase(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolveFree) => {
      const server = createServer();
      server.once('error', () => resolveFree(false));
      server.listen(port, '0.0.0.0', () => server.close(() => resolveFree(true)));
    });
  for (let attempt = 0; attempt < 50; attempt++) {
    // Six ports from 61000 up, the last one below 65536.
    const base = 61000 + Math.floor(Math.random() * Math.floor((65536 - 6 - 61000) / 6)) * 6;
    let ok = true;
    for (let i = 0; i < 6 && ok; i++) ok = await free(base + i);
    if (ok) return base;
  }
  throw new Error('no six consecutive free ports found');
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanupAll();
    process.exit(process.exitCode ?? 0);
  });
