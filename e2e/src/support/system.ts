import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { waitFor } from '@ecom/rabbit/testing';

export const SERVICES = ['order-service', 'payment-service', 'inventory-service', 'shipping-service', 'notification-service'] as const;
export type Service = (typeof SERVICES)[number];

const ROOT = resolve(__dirname, '../../..');

/**
 * The Node flags an app's serve target starts it with (`node <flags> apps/<app>/dist/main.js` in its
 * project.json), so the harness starts each process as `npm start` does without a second copy of
 * them (README, Environment: the services' semi-space and garbage-collector flags).
 */
export function nodeFlagsOf(app: Service | 'flow-console'): string[] {
  const project = JSON.parse(readFileSync(join(ROOT, 'apps', app, 'project.json'), 'utf8')) as { targets: { serve: { options: { command: string } } } };
  const [node, ...rest] = project.targets.serve.options.command.split(/\s+/);
  if (node !== 'node' || rest.at(-1) !== `apps/${app}/dist/main.js`) throw new Error(`${app}'s serve target is not 'node [flags] apps/${app}/dist/main.js'`);
  return rest.slice(0, -1);
}

const PORT_VARIABLE: Record<Service, string> = {
  'order-service': 'ORDER_SERVICE_PORT',
  'payment-service': 'PAYMENT_SERVICE_PORT',
  'inventory-service': 'INVENTORY_SERVICE_PORT',
  'shipping-service': 'SHIPPING_SERVICE_PORT',
  'notification-service': 'NOTIFICATION_SERVICE_PORT',
};

export interface SystemOptions {
  amqpUrl: string;
  /** Ports portBase … portBase+4, in SERVICES order; a second instance's follow at +5 … +9, and so on. */
  portBase: number;
  databaseUrl?: string;
  env?: Record<string, string>;
  /** Competing instances of every service (one database, one set of queues); default 1. */
  instances?: number;
  /** Settings of one service only (e.g. its own broker credentials), over `env`. */
  serviceEnv?: Partial<Record<Service, Record<string, string>>>;
}

/**
 * The five services as `npm start` runs them (the built `apps/<service>/dist/main.js`, one
 * process each), with a data directory and logs of their own.
 */
export class RunningSystem {
  private readonly processes = new Map<string, ChildProcess>();
  /** Processes the suite stopped or killed on purpose; any other exit is a crash. */
  private readonly expectedExits = new Set<ChildProcess>();
  readonly dataDir = mkdtempSync(join(tmpdir(), 'ecom-e2e-'));

  private constructor(private readonly options: SystemOptions) {}

  static async start(options: SystemOptions): Promise<RunningSystem> {
    const system = new RunningSystem(options);
    for (const { service, instance } of system.instances()) system.spawn(service, instance);
    try {
      await Promise.all(system.instances().map(({ service, instance }) => system.waitUntilReady(service, 60_000, instance)));
    } catch (error) {
      // Leave no half-started system behind (its ports would fail the next suite).
      await system.stop();
      throw error;
    }
    return system;
  }

  /** Every service instance this system runs. */
  instances(): { service: Service; instance: number }[] {
    const count = this.options.instances ?? 1;
    return SERVICES.flatMap((service) => Array.from({ length: count }, (_, instance) => ({ service, instance })));
  }

  url(service: Service, instance = 0): string {
    return `http://127.0.0.1:${this.port(service, instance)}`;
  }

  http(service: Service, instance = 0) {
    return request(this.url(service, instance));
  }

  /** The process id of a running service (for CPU and memory accounting). */
  pid(service: Service, instance = 0): number {
    const pid = this.processes.get(key(service, instance))?.pid;
    if (pid === undefined) throw new Error(`${service} is not running`);
    return pid;
  }

  logs(service: Service, instance = 0): string {
    return readFileSync(this.logFile(service, instance), 'utf8');
  }

  /** Instances that exited without the suite stopping or killing them: crashes. */
  crashed(): string[] {
    return [...this.processes.entries()]
      .filter(([, child]) => child.exitCode !== null && !this.expectedExits.has(child))
      .map(([name, child]) => `${name} (exit ${child.exitCode ?? child.signalCode})`);
  }

  /** Kills a service the hard way (no shutdown hooks run), as a crash would. */
  async kill(service: Service, signal: NodeJS.Signals = 'SIGKILL', instance = 0): Promise<void> {
    const child = this.processes.get(key(service, instance));
    if (!child || child.exitCode !== null) return;
    this.expectedExits.add(child);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  async restart(service: Service, instance = 0): Promise<void> {
    this.spawn(service, instance);
    await this.waitUntilReady(service, 60_000, instance);
  }

  async waitUntilReady(service: Service, timeoutMs = 60_000, instance = 0): Promise<void> {
    await waitFor(
      async () => {
        if (this.processes.get(key(service, instance))?.exitCode !== null) {
          const tail = this.logs(service, instance).trim().split('\n').slice(-15).join('\n');
          throw new Error(`${key(service, instance)} exited; the end of its log:\n${tail}`);
        }
        return (await this.http(service, instance).get('/health/ready')).status === 200;
      },
      { timeoutMs, intervalMs: 100, what: `${key(service, instance)} to be ready` },
    );
  }

  /** SIGTERM, which drains consumers and closes cleanly; SIGKILL for what hangs. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.processes.entries()].map(async ([, child]) => {
        if (child.exitCode !== null) return;
        this.expectedExits.add(child);
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    if (!process.env['E2E_KEEP_DATA']) rmSync(this.dataDir, { recursive: true, force: true });
  }

  private port(service: Service, instance = 0): number {
    // E2E_PORT_OFFSET lets two checkouts run the suites side by side on one machine.
    const base = this.options.portBase + Number(process.env['E2E_PORT_OFFSET'] ?? 0);
    return base + instance * SERVICES.length + SERVICES.indexOf(service);
  }

  private logFile(service: Service, instance = 0): string {
    return join(this.dataDir, instance === 0 ? `${service}.log` : `${service}-${instance}.log`);
  }

  private spawn(service: Service, instance = 0): void {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AMQP_URL: this.options.amqpUrl,
      DATA_DIR: join(this.dataDir, 'db'),
      SHIPPING_RETRY_DELAY_MS: '200',
      SHIPPING_MAX_RETRIES: '3',
      PAYMENT_DECLINE_ABOVE: '1000',
      // The flow suites test the flow, not the gate: no tokens, no rate limit. The security suite
      // turns both on through `env`.
      AUTH_MODE: 'off',
      RATE_LIMIT: '1000000',
      ...this.options.env,
      ...this.options.serviceEnv?.[service],
    };
    for (const other of SERVICES) env[PORT_VARIABLE[other]] = String(this.port(other));
    env[PORT_VARIABLE[service]] = String(this.port(service, instance));
    if (this.options.databaseUrl) env['DATABASE_URL'] = this.options.databaseUrl;
    else delete env['DATABASE_URL'];
    const log = createWriteStream(this.logFile(service, instance), { flags: 'a' });
    const child = spawn(process.execPath, [...nodeFlagsOf(service), join(ROOT, 'apps', service, 'dist', 'main.js')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.processes.set(key(service, instance), child);
  }
}

function key(service: Service, instance: number): string {
  return instance === 0 ? service : `${service}#${instance}`;
}
