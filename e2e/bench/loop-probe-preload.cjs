// A diagnostic for a bench run, not part of it: preloaded into every service through the
// environment they inherit,
//   BENCH_PROBE_DIR=/tmp/probe NODE_OPTIONS="-r $PWD/e2e/bench/loop-probe-preload.cjs" BENCH_PARTS=rate npm run bench
// each service appends a line every 5 s to $BENCH_PROBE_DIR/<service>-<pid>.jsonl: event-loop delay
// (p50, p99, max in ms), garbage collections by kind (count, total and longest pause in ms) and
// memory (RSS, anonymous RSS, V8 heap and each heap space, in MB). SIGWINCH to one service starts a
// sampling heap profile that counts collected objects too (where the allocations are), the next
// SIGWINCH writes <service>.heapprofile (open it in Chrome's DevTools, Memory tab); with
// BENCH_PROBE_PROMOTED=1 the profile holds only what outlived the young generation.
// It costs CPU (the delay monitor wakes the loop every millisecond): read its figures for where the
// time goes, never the bench's CPU columns of the same run.
const { readFileSync, appendFileSync, writeFileSync, mkdirSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');

const dir = process.env.BENCH_PROBE_DIR;
const main = /apps\/[\w-]+\/dist\/main\.js$/.test(process.argv[1] || '') ? process.argv[1] : undefined;

if (dir && main) {
  const { monitorEventLoopDelay, PerformanceObserver, constants } = require('node:perf_hooks');
  const { getHeapSpaceStatistics } = require('node:v8');
  const { Session } = require('node:inspector');
  const service = basename(dirname(dirname(main)));
  const file = join(dir, `${service}-${process.pid}.jsonl`);
  const MB = 2 ** 20;
  const KINDS = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'scavenge',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak-callbacks',
  };
  mkdirSync(dir, { recursive: true });
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let gc = {};
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = KINDS[entry.detail?.kind] ?? String(entry.detail?.kind);
      const g = (gc[kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
      g.count++;
      g.totalMs += entry.duration;
      g.maxMs = Math.max(g.maxMs, entry.duration);
    }
  }).observe({ entryTypes: ['gc'] });
  const ms = (ns) => Math.round(ns / 1e4) / 100;
  // Only Linux has /proc: elsewhere the line goes without anonymous RSS, rather than a throw in a
  // timer taking the service down.
  const procStatus = () => {
    try {
      return readFileSync('/proc/self/status', 'utf8');
    } catch {
      return '';
    }
  };
  setInterval(() => {
    const memory = process.memoryUsage();
    const anon = /RssAnon:\s+(\d+)/.exec(procStatus());
    const line = {
      at: new Date().toISOString(),
      loopDelayMs: { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) },
      gc: Object.fromEntries(Object.entries(gc).map(([k, g]) => [k, { count: g.count, totalMs: Math.round(g.totalMs), maxMs: Math.round(g.maxMs) }])),
      rssMb: Math.round(memory.rss / MB),
      anonMb: anon ? Math.round(Number(anon[1]) / 1024) : undefined,
      heapTotalMb: Math.round(memory.heapTotal / MB),
      heapUsedMb: Math.round(memory.heapUsed / MB),
      externalMb: Math.round(memory.external / MB),
      spacesMb: Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name.replace(/_space$/, ''), Math.round(s.space_size / MB)])),
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
    delay.reset();
    gc = {};
  }, 5000).unref();

  let session;
  process.on('SIGWINCH', () => {
    if (!session) {
      session = new Session();
      session.connect();
      // BENCH_PROBE_PROMOTED=1 leaves out what scavenges collect: what is left is what outlived the
      // young generation (promoted, then collected by a mark-compact or still live). Sampled four
      // times as finely then: far fewer bytes survive, and 16 KiB samples would leave sites unseen.
      const promotedOnly = process.env.BENCH_PROBE_PROMOTED === '1';
      session.post('HeapProfiler.startSampling', { samplingInterval: promotedOnly ? 4096 : 16384, includeObjectsCollectedByMinorGC: !promotedOnly, includeObjectsCollectedByMajorGC: true });
      return;
    }
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (!error) writeFileSync(join(dir, `${service}.heapprofile`), JSON.stringify(result.profile));
      session.disconnect();
      session = undefined;
    });
  });
}
