#!/usr/bin/env node
// `npm start`: RabbitMQ first, then the development token issuer (unless AUTH_MODE=off), then all
// five services through Nx (built if needed, all at once).
import { spawn, spawnSync } from 'node:child_process';

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;

const ensured = run(process.execPath, ['tools/scripts/ensure-rabbitmq.mjs']);
if (ensured !== 0) process.exit(ensured);

// The services verify tokens against this issuer's JWKS (AUTH_JWKS_URL's default); mint one with
// `npm run token -- CUST123`. It lives as long as this script does.
let issuer;
if (process.env.AUTH_MODE !== 'off') {
  const built = run('npx', ['nx', 'run', 'tools:build', '--output-style=static']);
  if (built !== 0) process.exit(built);
  issuer = spawn(process.execPath, ['tools/dist/auth/dev-issuer.cli.js'], { stdio: 'inherit' });
}
const status = run('npx', ['nx', 'run-many', '-t', 'serve', '--projects=tag:type:app', '--parallel=5', '--output-style=stream-without-prefixes']);
issuer?.kill('SIGTERM');
process.exit(status);
