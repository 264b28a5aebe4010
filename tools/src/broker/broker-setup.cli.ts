#!/usr/bin/env node
// `npm run broker:setup -- [--vhost /] [--print-env]`: one RabbitMQ user per service (and for the
// console and the dlq CLI) with least privilege, derived from @ecom/contracts' topology.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { applyBrokerSetup, type RabbitmqctlRunner } from './broker-setup';
import { BROKER_ROLES, brokerUsers, urlFor, userName } from './broker-users';

const exec = promisify(execFile);

/** RABBITMQCTL (e.g. `docker exec <id> rabbitmqctl`), else the one on the PATH. */
const rabbitmqctl: RabbitmqctlRunner = async (args) => {
  const command = (process.env['RABBITMQCTL'] ?? 'rabbitmqctl').split(/\s+/).filter(Boolean);
  return (await exec(command[0], [...command.slice(1), ...args])).stdout;
};

const program = new Command('broker:setup')
  .description('Create the least-privilege broker users (passwords from BROKER_PASSWORD_<ROLE>, else local development defaults).')
  .option('--vhost <vhost>', 'the vhost to set up (created unless /)', '/')
  .option('--prefix <prefix>', 'user name prefix', 'ecom-')
  .option('--print-env', 'print AMQP_URL_<SERVICE>=… lines for the services (contains passwords)', false)
  .action(async (options: { vhost: string; prefix: string; printEnv: boolean }) => {
    const users = brokerUsers(process.env, options.prefix);
    await applyBrokerSetup(rabbitmqctl, options.vhost, users);
    process.stderr.write(`broker users set up in vhost ${options.vhost}: ${users.map((u) => u.name).join(', ')}\n`);
    if (options.printEnv) {
      const base = new URL(process.env['AMQP_URL'] ?? 'amqp://127.0.0.1:5672');
      base.pathname = options.vhost === '/' ? '/' : `/${encodeURIComponent(options.vhost)}`;
      for (const role of BROKER_ROLES) {
        const user = users.find((u) => u.name === userName(role, options.prefix));
        if (user) process.stdout.write(`AMQP_URL_${role.toUpperCase().replace(/-/g, '_')}=${urlFor(user, base.toString())}\n`);
      }
    }
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`broker:setup failed: ${(error as Error).message}\n`);
  process.exit(1);
});
