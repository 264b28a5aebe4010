import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { waitFor } from '@ecom/rabbit/testing';
import { nodeFlagsOf, SERVICES, type RunningSystem } from './system';

const ROOT = resolve(__dirname, '../../..');
const PORT_VARIABLE = ['ORDER_SERVICE_PORT', 'PAYMENT_SERVICE_PORT', 'INVENTORY_SERVICE_PORT', 'SHIPPING_SERVICE_PORT', 'NOTIFICATION_SERVICE_PORT'];

/** The built flow-console (`apps/flow-console/dist/main.js`) beside a running system, on its vhost. */
export class RunningConsole {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    private readonly logFile: string,
  ) {}

  /** `port` gets E2E_PORT_OFFSET added, as the services' ports do. */
  static async start(system: RunningSystem, options: { amqpUrl: string; port: number; env?: Record<string, string> }): Promise<RunningConsole> {
    const port = options.port + Number(process.env['E2E_PORT_OFFSET'] ?? 0);
    const env: NodeJS.ProcessEnv = { ...process.env, AMQP_URL: options.amqpUrl, CONSOLE_PORT: String(port), CONSOLE_POLL_MS: '500', ...options.env };
    SERVICES.forEach((service, index) => (env[PORT_VARIABLE[index]] = new URL(system.url(service)).port));
    const logFile = join(system.dataDir, 'flow-console.log');
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(process.execPath, [...nodeFlagsOf('flow-console'), join(ROOT, 'apps', 'flow-console', 'dist', 'main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const running = new RunningConsole(child, `http://127.0.0.1:${port}`, logFile);
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`flow-console exited:\n${running.logs().slice(-2000)}`);
        // Ready once its tap consumes, so no event of the run is missed.
        return (await fetch(`${running.url}/health/ready`).catch(() => undefined))?.ok;
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'flow-console to be ready' },
    );
    return running;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  crashed(): boolean {
    return this.child.exitCode !== null;
  }

  logs(): string {
    return readFileSync(this.logFile, 'utf8');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
