#!/usr/bin/env node
// `npm run demo -- <scenario>`: places one of the README's scenarios and follows the order to where
// it ends, as the flow console's "Try it" buttons do. `npm run demo -- --help` lists them.
import { randomUUID } from 'node:crypto';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { isScenario, scenarioBody, SCENARIOS, type ScenarioName } from '@ecom/contracts';

export interface DemoIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  fetch?: typeof fetch;
}

/** Where an order stops moving by itself (`shipping_failed` waits for an operator). */
const RESTING = ['shipped', 'payment_failed', 'cancelled', 'shipping_failed'];

function scenarioArg(value: string): ScenarioName {
  if (!isScenario(value)) throw new InvalidArgumentError(`expected one of ${Object.keys(SCENARIOS).join(', ')}`);
  return value;
}

export function createDemoProgram(io: DemoIo, setExitCode: (code: number) => void): Command {
  const http = io.fetch ?? fetch;
  return new Command('demo')
    .description(`Place a demo order and follow it. Scenarios:\n${Object.entries(SCENARIOS).map(([name, s]) => `  ${name.padEnd(16)} ends ${s.expect}`).join('\n')}`)
    .argument('<scenario>', 'which scenario', scenarioArg)
    .option('--url <url>', 'order-service (default: http://127.0.0.1:$ORDER_SERVICE_PORT, else :3000)')
    .option('--timeout <ms>', 'stop following after this long', (v) => Number(v), 60_000)
    .option('--no-follow', 'place the order and return')
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .action(async (name: ScenarioName, options: { url?: string; timeout: number; follow: boolean }) => {
      const base = options.url ?? `http://127.0.0.1:${io.env['ORDER_SERVICE_PORT'] ?? 3000}`;
      const post = async (path: string, body: object) => {
        const response = await http(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
        const answer = (await response.json().catch(() => ({}))) as Record<string, unknown>;
        if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${JSON.stringify(answer)}`);
        return answer;
      };
      const created = await post('/orders', scenarioBody(name, randomUUID().slice(0, 8).toUpperCase()));
      const orderId = String(created['orderId']);
      io.stdout.write(`${SCENARIOS[name].title}: order ${orderId} (correlation ${String(created['correlationId'])}); expect ${SCENARIOS[name].expect}\n`);
      if ('cancel' in SCENARIOS[name]) {
        const cancelled = await post(`/orders/${orderId}/cancel`, {});
        io.stdout.write(`cancel requested: ${String(cancelled['status'])}\n`);
      }
      if (!options.follow) return;
      const deadline = Date.now() + options.timeout;
      let last = '';
      while (Date.now() < deadline) {
        const order = (await (await http(`${base}/orders/${orderId}`)).json()) as { status: string; cancelReason?: string };
        const shown = order.cancelReason ? `${order.status} (${order.cancelReason})` : order.status;
        if (shown !== last) io.stdout.write(`  ${new Date().toISOString().slice(11, 23)}  ${shown}\n`);
        last = shown;
        if (RESTING.includes(order.status)) {
          if (order.status === 'shipping_failed') io.stdout.write('held in shipping.service.final.dlq: npm run dlq -- replay shipping.service.final.dlq --all (or the console\'s Replay)\n');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      io.stderr.write(`demo: order ${orderId} still ${last} after ${options.timeout} ms\n`);
      setExitCode(1);
    });
}

export async function runDemoCli(argv: readonly string[], io: DemoIo): Promise<number> {
  let exitCode = 0;
  const program = createDemoProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.stderr.write(`demo: ${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  // Detached on purpose: the exit code is set when it settles (runDemoCli never rejects).
  void runDemoCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
    process.exitCode = code;
  });
}
