#!/usr/bin/env node
// `npm run token -- CUST123` prints a bearer token for customer CUST123 from the development
// issuer; `--admin` adds the admin role, `--ttl <seconds>` sets its lifetime (default 3600).
import { Command, InvalidArgumentError } from 'commander';
import { mintDevToken } from './dev-keys';

const program = new Command('token')
  .description('Mint a development bearer token (local development only).')
  .argument('<subject>', 'the customer id (token subject), or a name for an admin')
  .option('--admin', 'add the admin role (reads everything, internal APIs)', false)
  .option('--ttl <seconds>', 'lifetime in seconds', (value: string) => {
    const ttl = Number(value);
    if (!Number.isInteger(ttl) || ttl <= 0) throw new InvalidArgumentError('must be a positive integer');
    return ttl;
  }, 3600)
  .action(async (subject: string, options: { admin: boolean; ttl: number }) => {
    const token = await mintDevToken({ subject, roles: options.admin ? ['admin'] : [], ttlSeconds: options.ttl });
    process.stdout.write(`${token}\n`);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
