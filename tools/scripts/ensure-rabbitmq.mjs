#!/usr/bin/env node
// Makes sure a RabbitMQ answers on AMQP_URL before the system starts or the tests run: the one
// already there, else the docker-compose one when Docker runs here, else a clear way out.
import { execFileSync, spawnSync } from 'node:child_process';
import amqplib from 'amqplib';

const url = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const shown = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function reachable() {
  try {
    const connection = await amqplib.connect(url, { timeout: 3000 });
    await connection.close();
    return true;
  } catch {
    return false;
  }
}

function dockerRuns() {
  return spawnSync('docker', ['info'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
}

if (await reachable()) process.exit(0);

if (dockerRuns()) {
  console.error(`RabbitMQ is not answering at ${shown}; starting it from docker-compose.yml ...`);
  execFileSync('docker', ['compose', 'up', '-d', '--wait', 'rabbitmq'], { stdio: 'inherit' });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (await reachable()) process.exit(0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  console.error('RabbitMQ from docker-compose did not answer within 90 s; see `docker compose logs rabbitmq`.');
  process.exit(1);
}

console.error(
  [
    `RabbitMQ is not reachable at ${shown}, and Docker is not available to start one.`,
    'Get one of these, then run the command again:',
    '  - Docker: `docker compose up -d rabbitmq` (this repository pins the image), or',
    '  - a local install: `rabbitmq-server -detached` (Debian/Ubuntu: `apt-get install rabbitmq-server`), or',
    '  - a broker elsewhere: `export AMQP_URL=amqp://user:pass@host:5672`.',
  ].join('\n'),
);
process.exit(1);
