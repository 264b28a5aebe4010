/**
 * Where a service's CPU went, from a .cpuprofile the bench wrote (`--cpu-prof <service>|all`):
 * self time by area (package / library / app / node internals / GC / idle), the top functions by
 * self time, and inclusive time of the frames that matter for the flow.
 *
 *   node -r ./packages/rabbit/bench/swc-register.cjs e2e/bench/profile-summary.ts <file.cpuprofile>… [--top 25]
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { table } from './lib/stats';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function area(url: string, name: string): string {
  if (name === '(idle)') return '(idle)';
  if (name === '(garbage collector)') return '(gc)';
  if (name === '(program)') return '(program)';
  if (!url) return '(native / V8)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1];
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /packages\/([^/]+)\/(?:dist|src)\/(.+?)\.[jt]s/.exec(url);
  if (pkg) return `@ecom/${pkg[1]}: ${pkg[2].split('/')[0]}`;
  const app = /apps\/([^/]+)\//.exec(url);
  if (app) return `app ${app[1]}`;
  return url;
}

const INCLUSIVE = [
  'dispatch',
  'handleOnce',
  'transaction',
  'executeQuery',
  'pass',
  'publishMessage',
  'validateEvent',
  'assertEvent',
  'write',
  'handle',
  'processOrder',
  'apply',
  'create',
  'ship',
  'reserveForPayment',
  'collect',
  'scrape',
];

function summarize(file: string, top: number): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((s, v) => s + v, 0);
  const idle = [...self.entries()].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((s, [, v]) => s + v, 0);
  const busy = total - idle;

  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id) as ProfileNode;
    const { functionName, url, lineNumber } = node.callFrame;
    const a = area(url, functionName);
    areas.set(a, (areas.get(a) ?? 0) + us);
    const key = `${functionName || '(anonymous)'} ${a}${url ? `:${lineNumber + 1}` : ''}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = (byId.get(cur) as ProfileNode).callFrame;
      if (!INCLUSIVE.includes(frame.functionName)) continue;
      const k = `${frame.functionName} (${area(frame.url, frame.functionName)})`;
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + us);
    }
  }
  const pct = (us: number, of: number) => `${((us / of) * 100).toFixed(1)}%`;
  const rows = (map: Map<string, number>, n: number) =>
    [...map.entries()]
      .filter(([k]) => k !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => [k, (us / 1000).toFixed(0), pct(us, busy)]);
  console.log(`\n=== ${basename(file)}: ${(total / 1e6).toFixed(2)} s profiled, busy ${(busy / 1e6).toFixed(2)} s (${pct(busy, total)}), idle ${pct(idle, total)}`);
  console.log(table(['self time by area', 'ms', '% of busy'], rows(areas, 18)));
  console.log(table(['top functions (self)', 'ms', '% of busy'], rows(functions, top)));
  console.log(table(['inclusive', 'ms', '% of busy'], rows(inclusive, 30)));
}

const argv = process.argv.slice(2);
const topIndex = argv.indexOf('--top');
const top = topIndex >= 0 ? Number(argv.splice(topIndex, 2)[1]) : 25;
for (const file of argv) summarize(file, top);
