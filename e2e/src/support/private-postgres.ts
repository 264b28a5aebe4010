import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The directory of PostgreSQL's server programs (`initdb`, `pg_ctl`): PG_BINDIR, else the newest
 * Debian install under /usr/lib/postgresql. Undefined when the machine has none (PostgreSQL in a
 * container, say): the outage suite needs to stop and start a server of its own.
 */
export function postgresBinDir(): string | undefined {
  const configured = process.env['PG_BINDIR'];
  if (configured) return configured;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'pg_ctl'))).sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? join(root, versions[0], 'bin') : undefined;
}

/**
 * A PostgreSQL server of the suite's own (a fresh cluster in a temporary directory on its own
 * port), so restarting and stopping it hurts nothing else on the machine. PostgreSQL refuses to
 * run as root, so as root its programs run as the `postgres` user.
 */
export class PrivatePostgres {
  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  static async create(bin: string, port: number): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'ecom-pg-'));
    const server = new PrivatePostgres(bin, dir, port);
    if (process.getuid?.() === 0) {
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: gid } = await run('id', ['-g', 'postgres']);
      chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
    }
    await server.ctl('initdb', ['-D', join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await server.start();
    return server;
  }

  start(): Promise<void> {
    return this.pgCtl('start');
  }

  /** `pg_ctl restart -m fast`: what a failover or a minor-version upgrade looks like to a client. */
  restart(): Promise<void> {
    return this.pgCtl('restart');
  }

  stop(): Promise<void> {
    return this.ctl('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private pgCtl(action: 'start' | 'restart'): Promise<void> {
    // 2 instances × 5 services × a pool of 10, with room for the suite's own connections.
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off`;
    return this.ctl('pg_ctl', ['-D', join(this.dir, 'data'), '-o', options, '-l', join(this.dir, 'server.log'), '-m', 'fast', '-w', action]);
  }

  private async ctl(program: string, args: string[]): Promise<void> {
    const command = join(this.bin, program);
    if (process.getuid?.() === 0) await run('runuser', ['-u', 'postgres', '--', command, ...args], { cwd: this.dir });
    else await run(command, args, { cwd: this.dir });
  }
}
