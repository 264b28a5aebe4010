import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createVhost } from './support/broker';
import { createPostgresDatabase } from './support/databases';

const ROOT = resolve(__dirname, '../../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const rootPackage = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
const version = (name: string) => rootPackage.dependencies[name] ?? rootPackage.devDependencies[name];

/** The README's "Using the libraries in another project" files, exactly as written there. */
function readmeFiles(): Record<string, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Using the libraries in another project'), readme.indexOf('## Workspace'));
  const files: Record<string, string> = {};
  for (const match of section.matchAll(/```ts title="([^"]+)"\n([\s\S]*?)```/g)) files[match[1]] = match[2];
  return files;
}

/** Drives the README's app the way its users would rely on it, and prints what happened as JSON. */
const CHECK = `
import { randomUUID } from 'node:crypto';
import Database from 'DRIVER_IMPORT';
import { connect } from 'amqplib';
import { Kysely, DIALECT_IMPORT, type Transaction } from 'kysely';
import { messagingMigrations, runMigrations KYSELY_IMPORTS} from '@ecom/rabbit/kysely';
import type { InvoiceCreated } from './billing.events';
import { RabbitMetrics } from '@ecom/rabbit';
import { startBilling } from './main';
import { INVOICE_SINK, type BillingDatabase, type InvoiceSink } from './invoices.handler';

let flakyCalls = 0;
const sink: InvoiceSink = {
  async record(invoice: InvoiceCreated, tx: Transaction<BillingDatabase>) {
    if (invoice.orderId === 'flaky' && ++flakyCalls === 1) throw new Error('ledger busy, try again');
    await tx.insertInto('invoices').values({ invoice_id: invoice.invoiceId, amount: invoice.amount }).execute();
  },
};

async function until<T>(probe: () => Promise<T | undefined> | T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function main(): Promise<void> {
  const amqpUrl = process.env.AMQP_URL!;
  const db = new Kysely<BillingDatabase>({ dialect: DIALECT_VALUE });
  DB_SETUP
  const migrations = {
    ...messagingMigrations,
    '0001_invoices': { up: (k: Kysely<unknown>) => k.schema.createTable('invoices').addColumn('invoice_id', 'text', (c) => c.primaryKey()).addColumn('amount', 'double precision').execute() },
  };
  await runMigrations(db, migrations);

  const { app, publisher } = await startBilling({ amqpUrl, db, retryDelaysMs: [100, 100], sink: { provide: INVOICE_SINK, useValue: sink } });
  // startBilling published one invoice; then one that fails once, and one sent twice with one id.
  await publisher.publish('billing.invoice.created', { invoiceId: randomUUID(), orderId: 'flaky', amount: 10 });
  const twice = { invoiceId: randomUUID(), orderId: 'order-2', amount: 7 };
  await publisher.publish('billing.invoice.created', twice, { eventId: '11111111-2222-4333-8444-555555555555' });
  await publisher.publish('billing.invoice.created', twice, { eventId: '11111111-2222-4333-8444-555555555555' });
  let refused = '';
  try {
    await publisher.publish('billing.invoice.created', { invoiceId: 'not-a-uuid', orderId: '', amount: -1 });
  } catch (e) {
    refused = (e as Error).name;
  }
  // A foreign producer's invalid message: dead-lettered with the reason, never handed to the handler.
  const raw = await connect(amqpUrl);
  const channel = await raw.createConfirmChannel();
  channel.publish('billing.events', 'billing.invoice.created', Buffer.from(JSON.stringify({ invoiceId: 'x', amount: 'lots' })), { messageId: 'bad-1' });
  await channel.waitForConfirms();
  const dead = await until(async () => (await channel.get('billing.service.invoices.dlq', { noAck: true })) || undefined, 'the dead letter');
  // The second copy of the duplicate has been handled once the inbox counted it.
  const metrics = app.get(RabbitMetrics);
  const duplicates = await until(async () => (await metrics.duplicates.get()).values.reduce((sum, v) => sum + v.value, 0) || undefined, 'the duplicate absorbed');
  // Committed rows, not the sink's calls: a handler records before its transaction commits.
  const rows = await until(async () => {
    const committed = await db.selectFrom('invoices').selectAll().execute();
    return committed.length >= 3 ? committed : undefined;
  }, 'three invoices committed');
  await raw.close();
  await app.close();
  await db.destroy();
  console.log(JSON.stringify({
    rows: rows.length,
    duplicates,
    flakyCalls,
    refused,
    deadReason: dead.properties.headers?.['ecom-death-reason'],
    violations: JSON.parse(String(dead.properties.headers?.['ecom-violations'] ?? '[]')).map((v: { path: string }) => v.path),
  }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

/** Must not compile: the registry types every publish. */
const MISUSE = `
import { RabbitPublisher } from '@ecom/rabbit';
import './billing.events';
declare const publisher: RabbitPublisher;
// @ts-expect-error not a registered routing key
void publisher.publish('billing.invoice.deleted', {});
// @ts-expect-error amount is a number
void publisher.publish('billing.invoice.created', { invoiceId: 'x', orderId: 'o', amount: '1' });
`;

const VARIANTS = {
  pg: {
    driver: 'pg',
    check: () =>
      CHECK.replace("import Database from 'DRIVER_IMPORT';", "import pg from 'pg';")
        .replace('KYSELY_IMPORTS', '')
        .replace('DB_SETUP', '')
        .replace('DIALECT_IMPORT', 'PostgresDialect')
        .replace('DIALECT_VALUE', `new PostgresDialect({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL }) })`),
  },
  'better-sqlite3': {
    driver: 'better-sqlite3',
    check: () =>
      CHECK.replace('DRIVER_IMPORT', 'better-sqlite3')
        .replace('KYSELY_IMPORTS', ', runTransactionQueriesInline ')
        .replace('DIALECT_IMPORT', 'SqliteDialect')
        // The transactions' queries (the inbox's and outbox's among them) run on the calling thread.
        .replace('DIALECT_VALUE', 'new SqliteDialect({ database: sqlite })')
        .replace('DB_SETUP', 'runTransactionQueriesInline(db, sqlite);')
        .replace('async function main(): Promise<void> {', "async function main(): Promise<void> {\n  const sqlite = new Database('billing.sqlite');"),
  },
} as const;

describe('@ecom/rabbit from its packed tarball, in a fresh Nest app of another team', () => {
  let work: string;
  let tarballs: string;

  beforeAll(() => {
    expect(existsSync(join(ROOT, 'packages/rabbit/dist/index.js'))).toBe(true);
    work = mkdtempSync(join(tmpdir(), 'rabbit-pack-'));
    tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    for (const pkg of ['rabbit', 'contracts']) {
      execFileSync(npm, ['pack', '--silent', '--pack-destination', tarballs], { cwd: join(ROOT, 'packages', pkg), encoding: 'utf8' });
    }
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(Object.keys(VARIANTS) as (keyof typeof VARIANTS)[])(
    'installs with only %s, type-checks the README app, and publishes, consumes, retries, dead-letters and absorbs a duplicate',
    async (variant) => {
      const { driver, check } = VARIANTS[variant];
      const app = join(work, variant);
      mkdirSync(join(app, 'src'), { recursive: true });
      const dependencies: Record<string, string> = {
        '@ecom/rabbit': join(tarballs, 'ecom-rabbit-0.1.0.tgz'),
        '@ecom/contracts': join(tarballs, 'ecom-contracts-0.1.0.tgz'),
        [driver]: version(driver),
      };
      for (const name of ['@nestjs/common', '@nestjs/core', '@nestjs/microservices', '@nestjs/platform-express', 'reflect-metadata', 'rxjs', '@sinclair/typebox', 'kysely', 'amqplib']) {
        dependencies[name] = version(name);
      }
      const devDependencies = { typescript: version('typescript'), '@types/node': version('@types/node'), ...(driver === 'pg' ? { '@types/pg': version('@types/pg') } : { '@types/better-sqlite3': version('@types/better-sqlite3') }) };
      writeFileSync(
        join(app, 'package.json'),
        JSON.stringify({ name: `billing-${variant}`, private: true, dependencies, devDependencies, allowScripts: { 'better-sqlite3': true } }, null, 2),
      );
      execFileSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: app, encoding: 'utf8', stdio: 'pipe' });
      // What the app installed: the OpenTelemetry SDK never, the other driver never.
      const installed = readdirSync(join(app, 'node_modules')).concat(readdirSync(join(app, 'node_modules', '@opentelemetry'), { withFileTypes: false }).map((n) => `@opentelemetry/${n}`));
      expect(installed.filter((n) => n.startsWith('@opentelemetry/sdk') || n.startsWith('@opentelemetry/exporter'))).toEqual([]);
      expect(installed).not.toContain(driver === 'pg' ? 'better-sqlite3' : 'pg');
      const count = execFileSync(npm, ['ls', '--all', '--parseable'], { cwd: app, encoding: 'utf8' }).trim().split('\n').length - 1;
      console.log(`pack(${variant}): ${count} packages installed`);

      for (const [file, text] of Object.entries(readmeFiles())) {
        mkdirSync(dirname(join(app, file)), { recursive: true });
        writeFileSync(join(app, file), text);
      }
      writeFileSync(join(app, 'src/pack-check.ts'), check());
      writeFileSync(join(app, 'src/misuse.ts'), MISUSE);
      writeFileSync(
        join(app, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { target: 'ES2022', module: 'node16', moduleResolution: 'node16', strict: true, experimentalDecorators: true, emitDecoratorMetadata: true, outDir: 'dist', rootDir: 'src', types: ['node'], skipLibCheck: false },
          include: ['src'],
        }),
      );
      execFileSync(process.execPath, [join(app, 'node_modules/typescript/bin/tsc'), '-p', app], { cwd: app, encoding: 'utf8' });

      const vhost = await createVhost();
      // A database of its own: the app migrates the way a fresh deployment does, alone.
      const database = variant === 'pg' ? await createPostgresDatabase() : undefined;
      try {
        const output = execFileSync(process.execPath, ['dist/pack-check.js'], {
          cwd: app,
          encoding: 'utf8',
          env: { ...process.env, AMQP_URL: vhost.url, DATABASE_URL: database?.url ?? '', FORCE_COLOR: '0' },
          timeout: 60_000,
        });
        const result = JSON.parse(output.trim().split('\n').at(-1) ?? '{}');
        expect(result).toEqual({
          rows: 3, // the README's own publish, the flaky one (after its retry), the duplicate once
          duplicates: 1,
          flakyCalls: 2,
          refused: 'EventValidationError',
          deadReason: 'invalid-schema',
          violations: expect.arrayContaining(['/invoiceId', '/amount', '/orderId']),
        });
      } finally {
        await vhost.remove();
        await database?.remove();
      }
    },
    600_000,
  );
});
