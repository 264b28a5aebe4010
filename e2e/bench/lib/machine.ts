import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
  broker: string;
  erlang?: string;
}

export function machineInfo(broker: string): MachineInfo {
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    broker,
  };
}

let broker: number | undefined;

/**
 * The broker's Erlang VM (`rabbitmqctl status`: OS PID), to charge it its CPU time; undefined when
 * it runs elsewhere (docker) or /proc does not show it.
 */
export function setBrokerPid(statusText: string): void {
  const match = /OS PID:\s*(\d+)/.exec(statusText);
  broker = match && existsSync(`/proc/${match[1]}`) ? Number(match[1]) : undefined;
}

function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 (1-based) of the full line, i.e. 11 and 12 after the name.
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/**
 * Resident set size in MB from /proc (VmRSS, what prom-client reports as
 * process_resident_memory_bytes on Linux), NaN where /proc does not show it.
 */
export function processRssMb(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function machineTicks(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = values[3] + (values[4] ?? 0);
  const total = values.reduce((s, v) => s + v, 0);
  return { busy: total - idle, total };
}

export interface CpuSnapshot {
  at: number;
  processes: Record<string, number>;
  bench: number;
  machine: { busy: number; total: number };
}

/** CPU seconds so far of the named processes, the broker, this process and the whole machine. */
export async function cpuSnapshot(pids: Record<string, number>): Promise<CpuSnapshot> {
  const processes: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) processes[name] = processCpuSeconds(pid);
  if (broker) processes['rabbitmq (beam)'] = processCpuSeconds(broker);
  const usage = process.cpuUsage();
  return { at: performance.now(), processes, bench: (usage.user + usage.system) / 1e6, machine: machineTicks() };
}

/**
 * CPU used between two snapshots, as cores busy on average (1.0 = one core the whole time):
 * each process, the bench itself, and the machine as a whole.
 */
export function cpuSince(before: CpuSnapshot, after: CpuSnapshot): Record<string, number> {
  const seconds = (after.at - before.at) / 1000;
  const result: Record<string, number> = {};
  for (const name of Object.keys(after.processes)) {
    const used = after.processes[name] - before.processes[name];
    // NaN when the process went away (or was replaced) during the run.
    result[name] = used >= 0 ? round(used / seconds) : NaN;
  }
  result['bench process'] = round((after.bench - before.bench) / seconds);
  const busy = after.machine.busy - before.machine.busy;
  const total = after.machine.total - before.machine.total;
  result['machine (all)'] = round((busy / total) * cpus().length);
  // What the machine did besides the measured processes: other people's jobs skew the run.
  const ours = Object.values(result).slice(0, -1).reduce((s, v) => s + (Number.isFinite(v) ? v : 0), 0);
  result['other (not ours)'] = round(Math.max(0, result['machine (all)'] - ours));
  return result;
}

// Three decimals: the per-order figures are computed from these (clock ticks are 10 ms; the tables print two).
const round = (v: number) => Math.round(v * 1000) / 1000;
