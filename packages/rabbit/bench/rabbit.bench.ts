/**
 * End-to-end throughput and client CPU of @ecom/rabbit against raw amqplib and two Nest
 * contenders, @golevelup/nestjs-rabbitmq and Nest's own RMQ transport, in one run and with the
 * same guarantees: persistent messages, publisher confirms awaited, `mandatory`, manual ack after
 * the handler, the same prefetch, the same data, one quorum queue per side declared with the same
 * arguments, and the same window of outstanding publishes. msgs/s counts from the first publish
 * to the last ack; CPU is the side's process's user + system time over a run (each side runs in
 * a process of its own, one run at a time, so it is that side's client cost and nothing of another
 * side's; the broker's is not in it).
 *
 *   npx nx run rabbit:bench [--messages 20000] [--rounds 5] [--window 500] [--prefetch 50]
 *   (`--only lib|raw|golevelup|nest`, or a comma list, runs those sides alone, for profiling:
 *   no ratio line then unless lib and raw both ran, and bench-results/ is left as it is)
 *
 * Each round runs every side once, in the order of a balanced Latin square, so no side always goes
 * first. The summary gives each side's median over the rounds, the spread, the median CPU per
 * 1,000 messages, and the ratio to raw amqplib; the last line is `ratio <@ecom/rabbit / raw>`.
 *
 * Runs under Node with the @swc/core hook in ./swc-register.cjs (Nest's injector needs the
 * decorator metadata that tsx/esbuild does not emit).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { constants, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { connect } from 'amqplib';
import { count, option } from './args';
import { DELIVERY_LIMIT, type Side } from './bench-kit';
import { orderOfRound, runsTable, summarize, summaryTable, type Run } from './report';
import { startSideProcess } from './side-process';

const AMQP_URL = process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';
const ROOT = resolve(__dirname, '../../..');

const MESSAGES = count('messages', 20_000);
const WINDOW = count('window', 500);
const PREFETCH = count('prefetch', 50);
const ROUNDS = count('rounds', 5);
const WARMUP = Math.min(2_000, Math.max(200, Math.floor(MESSAGES / 10)));

const RAW = 'raw amqplib';
const LIBRARY = '@ecom/rabbit';

/** Every side, by its --only key (side-worker.ts starts it), in the order a round's Latin square row indexes; `note` is printed in the header. */
const CONTENDERS: { key: string; label: string; note?: string }[] = [
  { key: 'raw', label: RAW },
  { key: 'lib', label: LIBRARY },
  {
    key: 'golevelup',
    label: '@golevelup/nestjs-rabbitmq',
    note: "AmqpConnection.publish resolves on the broker's confirm (amqp-connection-manager confirm channel, checked at start); acked by golevelup after the @RabbitSubscribe handler returned",
  },
  {
    key: 'nest',
    label: 'Nest RMQ transport',
    note: "ClientRMQ.emit resolves on the broker's confirm (amqp-connection-manager confirm channel, checked at start); the handler acks last (noAck: false); the body is Nest's {pattern, data} envelope around the same data",
  },
];

const COMMON_NOTES = [
  'every side: persistent, mandatory, publisher confirms awaited, manual ack after the handler ran, its own quorum queue declared with the same arguments, same data, a process of its own',
  'validation: only @ecom/rabbit validates (order.created against its contract, on publish and again on consume); the other sides only JSON.parse',
];

function selectedContenders(): typeof CONTENDERS {
  const only = option('only');
  if (only === undefined) return CONTENDERS;
  const keys = only.split(',').map((key) => key.trim());
  const unknown = keys.filter((key) => !CONTENDERS.some((c) => c.key === key));
  if (unknown.length) throw new Error(`--only takes ${CONTENDERS.map((c) => c.key).join('|')} (or a comma list), not ${unknown.join(', ')}`);
  return CONTENDERS.filter((c) => keys.includes(c.key));
}

/** Deletes the run's queues and exchanges over a connection of its own, whatever state the sides are in. */
async function cleanup(names: { exchanges: string[]; queues: string[] }): Promise<void> {
  const model = await connect(AMQP_URL);
  try {
    const channel = await model.createChannel();
    for (const queue of names.queues) await channel.deleteQueue(queue).catch(() => undefined);
    for (const exchange of names.exchanges) await channel.deleteExchange(exchange).catch(() => undefined);
  } finally {
    await model.close().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const contenders = selectedContenders();
  const id = randomUUID().slice(0, 8);
  const base = `bench.rabbit.${id}`;
  const setups = contenders.map((c) => ({
    ...c,
    setup: { url: AMQP_URL, exchange: `${base}.${c.key}`, queue: { name: `${base}.${c.key}.q`, bindings: ['order.created'] }, prefetch: PREFETCH, window: WINDOW },
  }));
  const names = {
    exchanges: setups.map(({ setup }) => setup.exchange),
    queues: setups.flatMap(({ setup }) => [setup.queue.name, `${setup.queue.name}.dlq`]),
  };

  console.log(
    `rabbit bench: ${MESSAGES} messages × ${ROUNDS} round(s) per side (warm-up ${WARMUP}), window ${WINDOW}, prefetch ${PREFETCH}, quorum queues, names ${base}.*`,
  );
  if (contenders.length > 1) console.log(`sides: ${contenders.map((c) => c.label).join(', ')}; order rotates each round (balanced Latin square)`);
  const notes = [...COMMON_NOTES, ...contenders.flatMap((c) => (c.note ? [`${c.label}: ${c.note}`] : []))];
  for (const note of notes) console.log(`  ${note}`);

  // Ctrl-C mid-run still deletes this run's queues and exchanges.
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`${signal}: deleting ${base}.*`);
    void cleanup(names).finally(() => process.exit(128 + constants.signals[signal]));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const started: { label: string; side: Side }[] = [];
  const runs: Run[] = [];
  try {
    for (const { key, label, setup } of setups) started.push({ label, side: await startSideProcess(key, setup) });
    // Warm every side up (JIT, broker queue processes) before measuring; not counted.
    for (const { side } of started) await side.run(WARMUP);
    for (let round = 0; round < ROUNDS; round++) {
      const order = orderOfRound(started.length, round);
      for (const [position, index] of order.entries()) {
        const { label, side } = started[index];
        runs.push({ side: label, round: round + 1, position: position + 1, ...(await side.run(MESSAGES)) });
      }
    }
  } finally {
    for (const { side } of started.reverse()) await side.close().catch((error: unknown) => console.error('closing a side failed:', error));
    await cleanup(names);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const labels = contenders.map((c) => c.label);
  const summaries = summarize(labels, runs, RAW);
  console.log('\nruns');
  console.log(runsTable(runs));
  console.log(`\nsummary: median over ${ROUNDS} round(s); ± is the farther of min and max from the median`);
  console.log(summaryTable(summaries));

  const raw = summaries.find((s) => s.side === RAW);
  const library = summaries.find((s) => s.side === LIBRARY);
  const ratio = raw && library ? library.medianMsgsPerSec / raw.medianMsgsPerSec : undefined;
  if (option('only') === undefined) {
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
          settings: {
            messages: MESSAGES,
            rounds: ROUNDS,
            window: WINDOW,
            prefetch: PREFETCH,
            warmup: WARMUP,
            queueType: 'quorum',
            deliveryLimit: DELIVERY_LIMIT,
            persistent: true,
            mandatory: true,
            confirms: true,
            manualAck: true,
            noDelay: true,
            roundOrder: 'balanced Latin square',
            statistic: 'median over rounds',
            cpu: "process.cpuUsage() user+system over each run, in the side's own process",
          },
          notes,
          results: runs,
          summary: summaries,
          rawMsgsPerSec: raw?.medianMsgsPerSec,
          libraryMsgsPerSec: library?.medianMsgsPerSec,
          ratio,
        },
        null,
        2,
      )}\n`,
    );
    console.log(`\nwrote ${file}`);
  }
  if (ratio !== undefined) console.log(`ratio ${ratio.toFixed(2)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
