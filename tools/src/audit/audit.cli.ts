#!/usr/bin/env node
// The ledger audit: reads every service's read API and checks money, stock, shipments, notices and deadlines. `npm run audit -- --help`.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { auditSnapshot, renderAuditReport } from './audit-checks';
import { readSnapshot, type ServiceUrls } from './audit-snapshot';

export interface AuditIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

function nonNegativeInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected an integer ≥ 0');
  return parsed;
}

/** Runs the audit; resolves to the exit code (1 on any violation) instead of exiting, so a test can run it. */
export async function runAuditCli(argv: readonly string[], io: AuditIo): Promise<number> {
  const host = io.env['AUDIT_HOST'] ?? 'http://127.0.0.1';
  const program = new Command('audit')
    .description('Check every order against the payment gateway, stock, carrier and notification ledgers.')
    .option('--order <url>', 'order-service', `${host}:${io.env['ORDER_SERVICE_PORT'] ?? 3000}`)
    .option('--payment <url>', 'payment-service', `${host}:${io.env['PAYMENT_SERVICE_PORT'] ?? 3001}`)
    .option('--inventory <url>', 'inventory-service', `${host}:${io.env['INVENTORY_SERVICE_PORT'] ?? 3002}`)
    .option('--shipping <url>', 'shipping-service', `${host}:${io.env['SHIPPING_SERVICE_PORT'] ?? 3003}`)
    .option('--notification <url>', 'notification-service', `${host}:${io.env['NOTIFICATION_SERVICE_PORT'] ?? 3004}`)
    .option('--grace-ms <ms>', 'how long past a deadline an order may still be on its way to cancelled', nonNegativeInt, 30_000)
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride();
  try {
    program.parse([...argv], { from: 'user' });
    const options = program.opts<ServiceUrls & { graceMs: number }>();
    // AUDIT_TOKEN: an admin bearer token (`npm run token -- ops --admin`), from the environment so it stays out of `ps`.
    const report = auditSnapshot(await readSnapshot(options, io.env['AUDIT_TOKEN']), new Date(), options.graceMs);
    io.stdout.write(renderAuditReport(report));
    return report.violations.length === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.stderr.write(`audit: ${(error as Error)?.message ?? String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  // The exit code is set when it settles; nothing else runs after it.
  void runAuditCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
    process.exitCode = code;
  });
}
