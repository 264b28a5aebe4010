import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { AMQP_URL, createVhost, rabbitmqctl } from './rabbitmqctl';
import { RunningSystem, SERVICES, type Service } from './system';
import { TestIssuer } from './test-issuer';

const run = promisify(execFile);
const BROKER_SETUP_CLI = resolve(__dirname, '../../../tools/dist/broker/broker-setup.cli.js');
const ROLES = [...SERVICES, 'flow-console', 'dlq-cli'] as const;
type Role = (typeof ROLES)[number];
const variable = (role: string) => role.toUpperCase().replace(/-/g, '_');

export interface BrokerUsers {
  vhost: Awaited<ReturnType<typeof createVhost>>;
  /** AMQP URL per role, with that role's own least-privilege user. */
  urls: Record<Role, string>;
  remove(): Promise<void>;
}

/**
 * A vhost of the suite's own with the least-privilege users `npm run broker:setup` makes (the built
 * CLI, as an operator runs it), under a unique name prefix (broker users are global) and random
 * passwords given through BROKER_PASSWORD_<ROLE>, as a deployment gives them.
 */
export async function brokerUsers(label: string): Promise<BrokerUsers> {
  const vhost = await createVhost(label);
  const prefix = `e2e-${randomUUID().slice(0, 8)}-`;
  const passwords = Object.fromEntries(ROLES.map((role) => [`BROKER_PASSWORD_${variable(role)}`, randomUUID()]));
  const { stdout } = await run(process.execPath, [BROKER_SETUP_CLI, '--vhost', vhost.name, '--prefix', prefix, '--print-env'], {
    env: { ...process.env, ...passwords, AMQP_URL },
  });
  const urls = Object.fromEntries(
    ROLES.map((role) => {
      const line = stdout.split('\n').find((l) => l.startsWith(`AMQP_URL_${variable(role)}=`));
      if (!line) throw new Error(`broker:setup printed no URL for ${role}:\n${stdout}`);
      return [role, line.slice(line.indexOf('=') + 1)];
    }),
  ) as Record<Role, string>;
  return {
    vhost,
    urls,
    remove: async () => {
      for (const role of ROLES) await rabbitmqctl('delete_user', `${prefix}${role}`).catch(() => undefined);
      await vhost.remove();
    },
  };
}

export interface SecuredSystem {
  system: RunningSystem;
  issuer: TestIssuer;
  broker: BrokerUsers;
  stop(): Promise<void>;
}

/** The five services with tokens required, rate limits on, and each on its own broker user. */
export async function startSecuredSystem(label: string, portBase: number, env: Record<string, string> = {}): Promise<SecuredSystem> {
  const issuer = await new TestIssuer().start();
  const broker = await brokerUsers(label);
  const serviceEnv: Partial<Record<Service, Record<string, string>>> = Object.fromEntries(SERVICES.map((service) => [service, { AMQP_URL: broker.urls[service] }]));
  try {
    const system = await RunningSystem.start({ amqpUrl: broker.vhost.url, portBase, env: { ...issuer.env(), ...env }, serviceEnv });
    return {
      system,
      issuer,
      broker,
      stop: async () => {
        await system.stop();
        await broker.remove();
        await issuer.stop();
      },
    };
  } catch (error) {
    await broker.remove();
    await issuer.stop();
    throw error;
  }
}
