import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const AMQP_URL = process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

/**
 * `rabbitmqctl`: the command in RABBITMQCTL (e.g. `docker exec <id> rabbitmqctl` in a CI service
 * container), else the one on the PATH, else inside the docker-compose.yml container. The suites
 * use it for a vhost of their own and to inject faults.
 */
export async function rabbitmqctl(...args: string[]): Promise<string> {
  const custom = process.env['RABBITMQCTL']?.split(/\s+/).filter(Boolean);
  if (custom?.length) return (await run(custom[0], [...custom.slice(1), ...args])).stdout;
  try {
    return (await run('rabbitmqctl', args)).stdout;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return (await run('docker', ['compose', 'exec', '-T', 'rabbitmq', 'rabbitmqctl', ...args])).stdout;
  }
}

/** A vhost of the suite's own: the seed's exact queue names, isolated from a running demo. */
export async function createVhost(label: string): Promise<{ name: string; url: string; remove: () => Promise<void> }> {
  const name = `ecom-e2e-${label}-${randomUUID().slice(0, 8)}`;
  await rabbitmqctl('add_vhost', name);
  await grantAccess(name);
  const url = new URL(AMQP_URL);
  url.pathname = `/${encodeURIComponent(name)}`;
  return { name, url: url.toString(), remove: async () => void (await rabbitmqctl('delete_vhost', name)) };
}

export async function grantAccess(vhost: string): Promise<void> {
  await rabbitmqctl('set_permissions', '-p', vhost, 'guest', '.*', '.*', '.*');
}

/** Takes the broker away from the vhost's clients: no access, every connection closed. */
export async function cutOff(vhost: string): Promise<void> {
  await rabbitmqctl('clear_permissions', '-p', vhost, 'guest');
  await closeAllConnections(vhost);
}

export async function closeAllConnections(vhost: string): Promise<void> {
  await rabbitmqctl('close_all_connections', '--vhost', vhost, 'e2e: fault injection');
}
