/**
 * Flags, from the command line (`--orders 500` or `--orders=500`) or, when a flag does not make it
 * through npm → nx → node, from the environment (BENCH_ORDERS=500). The command line wins.
 */
export interface BenchArgs {
  /** Orders in the full-speed run and messages in the raw ceiling. */
  orders: number;
  /** HTTP requests in flight at once in the full-speed run. */
  concurrency: number;
  /** Orders per second in the fixed-rate run. */
  rate: number;
  /** Length of the fixed-rate run. */
  seconds: number;
  /** Raw ceiling: unconfirmed order.created publishes allowed in flight at once. */
  window: number;
  /** Prefetch of every consumer (the services' PREFETCH). */
  prefetch: number;
  /** Orders sent (and waited for) before each measured run; not counted. */
  warmup: number;
  /** Which parts run: ceiling, full, rate. */
  parts: Set<'ceiling' | 'full' | 'rate'>;
  /** Which raw ceilings run: the brief's 4-queue fan-out, the system's full topology, or both. */
  ceiling: ('brief' | 'full')[];
  /** Raw consumers in their own processes (like the five services) or in the bench's process. */
  rawProcesses: 'separate' | 'same';
  /** Services to start with `--cpu-prof` during the full-speed run ('' none, 'all', or a comma list). */
  cpuProf: string;
  /** Services' LOG_LEVEL. */
  logLevel: string;
  /** Where the JSON goes, relative to the workspace root. */
  out: string;
  /** Run the flow console beside the services (as `npm start` does) and report its CPU. */
  console: boolean;
}

const FLAGS: Record<string, { env: string; fallback: string }> = {
  orders: { env: 'BENCH_ORDERS', fallback: '2000' },
  concurrency: { env: 'BENCH_CONCURRENCY', fallback: '64' },
  rate: { env: 'BENCH_RATE', fallback: '100' },
  seconds: { env: 'BENCH_SECONDS', fallback: '30' },
  window: { env: 'BENCH_WINDOW', fallback: '200' },
  prefetch: { env: 'BENCH_PREFETCH', fallback: '50' },
  // Fresh service processes get much cheaper over their first few thousand orders (JIT tiering and heap
  // sizing, most likely; not told apart): with 200, CPU per order at full speed measured 5.9–6.1 ms, with 4,000 2.8–3.0 ms.
  warmup: { env: 'BENCH_WARMUP', fallback: '4000' },
  parts: { env: 'BENCH_PARTS', fallback: 'ceiling,full,rate' },
  ceiling: { env: 'BENCH_CEILING', fallback: 'brief,full' },
  'raw-processes': { env: 'BENCH_RAW_PROCESSES', fallback: 'separate' },
  'cpu-prof': { env: 'BENCH_CPU_PROF', fallback: '' },
  'log-level': { env: 'BENCH_LOG_LEVEL', fallback: 'warn' },
  out: { env: 'BENCH_OUT', fallback: 'bench-results/flow-bench.json' },
  console: { env: 'BENCH_CONSOLE', fallback: 'on' },
};

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchArgs {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
    // nx may hand flags on camelCased (--cpuProf); accept both spellings.
    const key = name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    if (!(key in FLAGS)) {
      if (key === 'help') {
        console.log(`flags: ${Object.entries(FLAGS).map(([k, v]) => `--${k} (${v.env}, default ${v.fallback || "''"})`).join(', ')}`);
        process.exit(0);
      }
      throw new Error(`unknown flag --${name}; known: ${Object.keys(FLAGS).map((k) => `--${k}`).join(' ')}`);
    }
    if (eq > 0) given.set(key, arg.slice(eq + 1));
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) given.set(key, argv[++i]);
    else given.set(key, 'true');
  }
  const value = (key: string) => given.get(key) ?? env[FLAGS[key].env] ?? FLAGS[key].fallback;
  const positive = (key: string) => {
    const n = Number(value(key));
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${key} must be a positive number, got '${value(key)}'`);
    return n;
  };
  const parts = new Set(value('parts').split(',').map((p) => p.trim()).filter(Boolean));
  for (const part of parts) if (!['ceiling', 'full', 'rate'].includes(part)) throw new Error(`--parts: unknown part '${part}'`);
  const ceiling = value('ceiling').split(',').map((c) => c.trim()).filter(Boolean);
  for (const c of ceiling) if (c !== 'brief' && c !== 'full') throw new Error(`--ceiling: unknown '${c}' (brief, full)`);
  const rawProcesses = value('raw-processes');
  if (rawProcesses !== 'separate' && rawProcesses !== 'same') throw new Error(`--raw-processes must be separate or same`);
  return {
    orders: Math.round(positive('orders')),
    concurrency: Math.round(positive('concurrency')),
    rate: positive('rate'),
    seconds: positive('seconds'),
    window: Math.round(positive('window')),
    prefetch: Math.round(positive('prefetch')),
    warmup: Math.max(0, Math.round(Number(value('warmup')) || 0)),
    parts: parts as BenchArgs['parts'],
    ceiling: ceiling as BenchArgs['ceiling'],
    rawProcesses,
    cpuProf: value('cpu-prof') === 'true' ? 'all' : value('cpu-prof'),
    logLevel: value('log-level'),
    out: value('out'),
    console: !['off', 'false', 'no', '0'].includes(value('console')),
  };
}
