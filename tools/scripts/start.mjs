#!/usr/bin/env node
// `npm start`: RabbitMQ first, then the development token issuer (unless AUTH_MODE=off), then the
// five services and the flow console through Nx (built if needed, all at once). On a terminal each
// JSON log record becomes one readable, coloured line prefixed by its service
// (tools/scripts/pretty-logs.mjs); piped, or with NODE_ENV=production or LOG_FORMAT=json, the JSON
// lines pass through untouched for tools that read them.
import { spawn, spawnSync } from 'node:child_process';
import { formatStream } from './pretty-logs.mjs';

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;

const ensured = run(process.execPath, ['tools/scripts/ensure-rabbitmq.mjs']);
if (ensured !== 0) process.exit(ensured);

// The services verify tokens against this issuer's JWKS (AUTH_JWKS_URL's default); mint one with
// `npm run token -- CUST123`. It lives as long as this script does.
let issuer;
if (process.env.AUTH_MODE !== 'off') {
  const built = run('npx', ['nx', 'run', 'tools:build', '--output-style=static']);
  if (built !== 0) process.exit(built);
  // The flow console reads every service's API as an admin: a day-long development token for it.
  // Minted before the issuer starts, so both use the one key this first run creates.
  const minted = spawnSync(process.execPath, ['tools/dist/auth/token.cli.js', 'flow-console', '--admin', '--ttl', '86400'], { encoding: 'utf8' });
  if (minted.status === 0) process.env.CONSOLE_SERVICE_TOKEN ??= minted.stdout.trim();
  issuer = spawn(process.execPath, ['tools/dist/auth/dev-issuer.cli.js'], { stdio: 'inherit' });
}
const stopIssuer = () => issuer?.kill('SIGTERM');

const serve = ['nx', 'run-many', '-t', 'serve', '--projects=tag:type:app', '--parallel=6', '--output-style=stream-without-prefixes'];
const readable = process.stdout.isTTY && process.env.NODE_ENV !== 'production' && process.env.LOG_FORMAT !== 'json';
if (!readable) {
  const status = run('npx', serve);
  stopIssuer();
  process.exit(status);
}

const child = spawn('npx', serve, { stdio: ['inherit', 'pipe', 'pipe'], shell: process.platform === 'win32' });
const options = { colour: !process.env.NO_COLOR };
const formatted = Promise.all([formatStream(child.stdout, process.stdout, options), formatStream(child.stderr, process.stderr, options)]);
// Ctrl-C reaches the whole foreground process group (Nx and the services drain and exit); the
// launcher only waits for them, so the last lines are still formatted.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', async (code, signal) => {
  await formatted;
  stopIssuer();
  process.exit(code ?? (signal ? 1 : 0));
});
