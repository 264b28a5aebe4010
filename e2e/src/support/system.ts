import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { waitFor } from '@ecom/rabbit/testing';

export const SERVICES = ['order-service', 'payment-service', 'inventory-service', 'shipping-service', 'notification-service'] as const;
export type Service = (typeof SERVICES)[number];

const ROOT = resolve(__dirname, '../../..');
const PORT_VARIABLE: Record<Service, string> = {
  'order-service': 'ORDER_SERVICE_PORT',
  'payment-service': 'PAYMENT_SERVICE_PORT',
  'inventory-service': 'INVENTORY_SERVICE_PORT',
  'shipping-service': 'SHIPPING_SERVICE_PORT',
  'notification-service': 'NOTIFICATION_SERVICE_PORT',
};

export interface SystemOptions {
  amqpUrl: string;
  /** Ports portBase … portBase+4, in SERVICES order. */
  portBase: number;
  databaseUrl?: string;
  env?: Record<string, string>;
}

/**
 * The five services as `npm start` runs them (the built `apps/<service>/dist/main.js`, one
 * process each), with a data directory and logs of their own.
 */
export class RunningSystem {
  private readonly processes = new Map<Service, ChildProcess>();
  readonly dataDir = mkdtempSync(join(tmpdir(), 'ecom-e2e-'));

  private constructor(private readonly options: SystemOptions) {}

  static async start(options: SystemOptions): Promise<RunningSystem> {
    const system = new RunningSystem(options);
    for (const service of SERVICES) system.spawn(service);
    try {
      await Promise.all(SERVICES.map((service) => system.waitUntilReady(service)));
    } catch (error) {
      // Leave no half-started system behind (its ports would fail the next suite).
      await system.stop();
      throw error;
    }
    return system;
  }

  url(service: Service): string {
    return `http://127.0.0.1:${this.port(service)}`;
  }

  http(service: Service) {
    return request(this.url(service));
  }

  /** The process id of a running service (for CPU and memory accounting). */
  pid(service: Service): number {
    const pid = this.processes.get(service)?.pid;
    if (pid === undefined) throw new Error(`${service} is not running`);
    return pid;
  }

  logs(service: Service): string {
    return readFileSync(this.logFile(service), 'utf8');
  }

  /** Kills a service the hard way (no shutdown hooks run), as a crash would. */
  async kill(service: Service, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.processes.get(service);
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  async restart(service: Service): Promise<void> {
    this.spawn(service);
    await this.waitUntilReady(service);
  }

  async waitUntilReady(service: Service, timeoutMs = 60_000): Promise<void> {
    await waitFor(
      async () => {
        if (this.processes.get(service)?.exitCode !== null) {
          const tail = this.logs(service).trim().split('\n').slice(-15).join('\n');
          throw new Error(`${service} exited; the end of its log:\n${tail}`);
        }
        return (await this.http(service).get('/health/ready')).status === 200;
      },
      { timeoutMs, intervalMs: 100, what: `${service} to be ready` },
    );
  }

  /** SIGTERM, which drains consumers and closes cleanly; SIGKILL for what hangs. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.processes.entries()].map(async ([, child]) => {
        if (child.exitCode !== null) return;
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    if (!process.env['E2E_KEEP_DATA']) rmSync(this.dataDir, { recursive: true, force: true });
  }

  private port(service: Service): number {
    // E2E_PORT_OFFSET lets two checkouts run the suites side by side on one machine.
    return this.options.portBase + Number(process.env['E2E_PORT_OFFSET'] ?? 0) + SERVICES.indexOf(service);
  }

  private logFile(service: Service): string {
    return join(this.dataDir, `${service}.log`);
  }

  private spawn(service: Service): void {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AMQP_URL: this.options.amqpUrl,
      DATA_DIR: join(this.dataDir, 'db'),
      SHIPPING_RETRY_DELAY_MS: '200',
      SHIPPING_MAX_RETRIES: '3',
      PAYMENT_DECLINE_ABOVE: '1000',
      ...this.options.env,
    };
    for (const other of SERVICES) env[PORT_VARIABLE[other]] = String(this.port(other));
    if (this.options.databaseUrl) env['DATABASE_URL'] = this.options.databaseUrl;
    else delete env['DATABASE_URL'];
    const log = createWriteStream(this.logFile(service), { flags: 'a' });
    const child = spawn(process.execPath, [join(ROOT, 'apps', service, 'dist', 'main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.processes.set(service, child);
  }
}
