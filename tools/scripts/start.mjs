#!/usr/bin/env node
// `npm start`: RabbitMQ first, then all five services through Nx (built if needed, all at once).
import { spawnSync } from 'node:child_process';

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1;

const ensured = run(process.execPath, ['tools/scripts/ensure-rabbitmq.mjs']);
if (ensured !== 0) process.exit(ensured);
process.exit(
  run('npx', ['nx', 'run-many', '-t', 'serve', '--projects=tag:type:app', '--parallel=5', '--output-style=stream-without-prefixes']),
);
