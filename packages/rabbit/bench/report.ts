/** The rabbit bench's round order, statistics and tables. */
import type { Measured } from './bench-kit';

export interface Run extends Measured {
  side: string;
  round: number;
  /** 1 = this side went first in its round. */
  position: number;
}

export interface SideSummary {
  side: string;
  runs: number;
  medianMsgsPerSec: number;
  minMsgsPerSec: number;
  maxMsgsPerSec: number;
  /** The farther of min and max from the median, as % of the median. */
  spreadPct: number;
  /** Median over the runs of CPU ms per 1,000 messages. */
  cpuMsPer1k: number;
  /** Median msgs/s over raw amqplib's; undefined when raw did not run. */
  ratioToRaw: number | undefined;
}

/**
 * The order of `n` sides in round `round` (0-based): a balanced Latin square (Williams design). Over
 * n rounds (2n for odd n) each side runs once in each position and right after each other side
 * once, so no side always goes first or always meets the broker just after the same neighbour.
 */
export function orderOfRound(n: number, round: number): number[] {
  const first = Array.from({ length: n }, (_, j) => (j === 0 ? 0 : j % 2 === 1 ? (j + 1) / 2 : n - j / 2));
  const period = n % 2 === 0 ? n : 2 * n;
  const r = round % period;
  const row = first.map((side) => (side + r) % n);
  return r < n ? row : row.reverse();
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function summarize(sides: readonly string[], runs: readonly Run[], rawSide: string): SideSummary[] {
  const summaries = sides.map((side) => {
    const own = runs.filter((run) => run.side === side);
    const rates = own.map((run) => run.msgsPerSec);
    const medianMsgsPerSec = median(rates);
    const minMsgsPerSec = Math.min(...rates);
    const maxMsgsPerSec = Math.max(...rates);
    return {
      side,
      runs: own.length,
      medianMsgsPerSec,
      minMsgsPerSec,
      maxMsgsPerSec,
      spreadPct: (100 * Math.max(maxMsgsPerSec - medianMsgsPerSec, medianMsgsPerSec - minMsgsPerSec)) / medianMsgsPerSec,
      cpuMsPer1k: median(own.map((run) => run.cpuMsPer1k)),
      ratioToRaw: undefined as number | undefined,
    };
  });
  const raw = summaries.find((summary) => summary.side === rawSide);
  for (const summary of summaries) summary.ratioToRaw = raw ? summary.medianMsgsPerSec / raw.medianMsgsPerSec : undefined;
  return summaries;
}

function render(rows: string[][], rightAligned: ReadonlySet<number>): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows
    .map((row) => row.map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd())
    .join('\n');
}

export function runsTable(runs: readonly Run[]): string {
  const rows = [['side', 'round', 'order', 'messages', 'seconds', 'msgs/s', 'publish+confirm s', 'CPU ms', 'CPU ms/1k msgs']];
  for (const run of runs) {
    rows.push([
      run.side,
      String(run.round),
      String(run.position),
      String(run.messages),
      run.seconds.toFixed(2),
      run.msgsPerSec.toFixed(0),
      run.publishSeconds.toFixed(2),
      run.cpuMs.toFixed(0),
      run.cpuMsPer1k.toFixed(1),
    ]);
  }
  return render(rows, new Set([1, 2, 3, 4, 5, 6, 7, 8]));
}

export function summaryTable(summaries: readonly SideSummary[]): string {
  const rows = [['side', 'median msgs/s', 'spread min–max', '± % of median', 'CPU ms/1k msgs', 'ratio to raw']];
  for (const s of summaries) {
    rows.push([
      s.side,
      s.medianMsgsPerSec.toFixed(0),
      `${s.minMsgsPerSec.toFixed(0)}–${s.maxMsgsPerSec.toFixed(0)}`,
      `±${s.spreadPct.toFixed(1)}%`,
      s.cpuMsPer1k.toFixed(1),
      s.ratioToRaw === undefined ? '-' : s.ratioToRaw.toFixed(2),
    ]);
  }
  return render(rows, new Set([1, 2, 3, 4, 5]));
}
