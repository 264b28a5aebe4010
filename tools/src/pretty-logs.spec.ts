import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const SCRIPT = resolve(__dirname, '../scripts/pretty-logs.mjs');

/** The formatter `npm start` pipes the services through on a terminal, run as it is run there. */
function format(input: string, ...args: string[]): string {
  return spawnSync(process.execPath, [SCRIPT, ...args], { input, encoding: 'utf8' }).stdout;
}

describe('pretty-logs', () => {
  const record = JSON.stringify({ level: 'warn', time: '2026-01-02T03:04:05.678Z', service: 'order-service', host: 'h', pid: 1, context: 'Orders', msg: 'slow', correlationId: 'c-1', attempt: 2 });

  it('prints one readable line per JSON record, prefixed by the service', () => {
    expect(format(`${record}\n`)).toBe('order-service        03:04:05.678 WARN  [Orders] slow correlationId=c-1 attempt=2\n');
  });

  it('colours with --color only, and passes other lines through unchanged', () => {
    expect(format(`${record}\n`, '--color')).toContain('\u001b[');
    expect(format('NX   Running target serve\n{"no":"service"}\n')).toBe('NX   Running target serve\n{"no":"service"}\n');
  });
});
