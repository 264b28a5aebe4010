#!/usr/bin/env node
// Operator CLI for dead-letter queues: list, show, replay, purge. `npm run dlq -- --help`.
import { DEFAULT_READ_LIMIT, QueueNotFoundError, checkQueueExists, findDeadLetter, peekDeadLetters, purgeDeadLetters, replayDeadLetters, toDeadLetterRow, type ReplayProgress, type ReplayReport } from '@ecom/rabbit/dlq';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliError, resolveAmqpUrl, withConnection } from '../shared/amqp';
import { renderDeadLetterDetail, renderDeadLetterTable, toDeadLetterDetail } from './dead-letter-row';

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

interface GlobalOptions {
  url?: string;
}

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a positive integer');
  return parsed;
}

function urlOf(command: Command, io: CliIo): string {
  return resolveAmqpUrl(command.optsWithGlobals<GlobalOptions>().url, io.env);
}

export function createDlqProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('dlq')
    .description('Inspect, replay and purge dead-letter queues.')
    .option('--url <url>', 'AMQP URL (default: $AMQP_URL, else amqp://guest:guest@127.0.0.1:5672)')
    .showHelpAfterError()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride();

  program
    .command('list')
    .description('one row per dead-lettered message, left in the queue')
    .argument('<queue>', 'dead-letter queue, e.g. payment.service.order.created.dlq')
    .option('--limit <n>', 'read at most n messages', positiveInt, DEFAULT_READ_LIMIT)
    .option('--json', 'machine-readable output')
    .action(async (queue: string, options: { limit: number; json?: boolean }, command: Command) => {
      const { messages, messageCount } = await withConnection(urlOf(command, io), (model) =>
        peekDeadLetters(model, queue, { limit: options.limit }),
      );
      const rows = messages.map((message, index) => toDeadLetterRow(message, index + 1));
      if (options.json) {
        io.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      } else {
        io.stdout.write(renderDeadLetterTable(rows));
      }
      const more = messageCount > rows.length ? ` (showing ${rows.length}; raise --limit to see more)` : '';
      io.stderr.write(`${messageCount} message(s) in ${queue}${more}\n`);
    });

  program
    .command('show')
    .description('one message whole: properties, headers, body')
    .argument('<queue>', 'dead-letter queue')
    .argument('<message-id>', 'AMQP message id (the event id)')
    .option('--limit <n>', 'search at most n messages', positiveInt, DEFAULT_READ_LIMIT)
    .option('--json', 'machine-readable output')
    .action(async (queue: string, messageId: string, options: { limit: number; json?: boolean }, command: Command) => {
      const found = await withConnection(urlOf(command, io), (model) =>
        findDeadLetter(model, queue, messageId, { limit: options.limit }),
      );
      if (!found) throw new CliError(`no message with id '${messageId}' in ${queue} (searched the first ${options.limit})`);
      const detail = toDeadLetterDetail(queue, found.message, found.position);
      io.stdout.write(options.json ? JSON.stringify(detail, null, 2) + '\n' : renderDeadLetterDetail(detail));
    });

  program
    .command('replay')
    .description('send messages back to the exchange and routing key they failed on')
    .argument('<queue>', 'dead-letter queue')
    .option('--id <id...>', 'message id(s) to replay (repeatable)')
    .option('--all', 'replay every message in the queue')
    .option('--dry-run', 'list what would be replayed; change nothing')
    .option('--limit <n>', 'look at no more than n messages', positiveInt)
    .option('--json', 'print the report as JSON')
    .action(
      async (
        queue: string,
        options: { id?: string[]; all?: boolean; dryRun?: boolean; limit?: number; json?: boolean },
        command: Command,
      ) => {
        const ids = options.id ?? [];
        if (options.all && ids.length > 0) throw new CliError('give either --id or --all, not both');
        if (!options.all && ids.length === 0) throw new CliError('say what to replay: --id <id>... or --all');
        const progress = progressPrinter(io);
        const report = await withConnection(urlOf(command, io), (model) =>
          replayDeadLetters(model, queue, options.all ? { all: true } : { ids }, {
            dryRun: options.dryRun,
            limit: options.limit,
            onProgress: progress.update,
          }),
        );
        progress.done();
        if (options.json) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
        else io.stdout.write(renderReplayReport(report));
        if (report.failed > 0 || report.skipped > 0 || report.notFound.length > 0) setExitCode(1);
      },
    );

  program
    .command('purge')
    .description('delete every message in the queue (needs --yes)')
    .argument('<queue>', 'dead-letter queue')
    .addOption(new Option('--yes', 'really delete them'))
    .action(async (queue: string, options: { yes?: boolean }, command: Command) => {
      await withConnection(urlOf(command, io), async (model) => {
        if (!options.yes) {
          const { messageCount } = await checkQueueExists(model, queue);
          throw new CliError(`refusing to purge ${queue} (${messageCount} message(s)) without --yes`);
        }
        const purged = await purgeDeadLetters(model, queue);
        io.stdout.write(`purged ${purged} message(s) from ${queue}\n`);
      });
    });

  return program;
}

export function renderReplayReport(report: ReplayReport): string {
  const lines: string[] = [];
  for (const outcome of report.outcomes) {
    const target = outcome.routingKey ? ` -> ${outcome.exchange || '(default)'} / ${outcome.routingKey}` : '';
    const detail = outcome.detail ? `: ${outcome.detail}` : '';
    lines.push(`${outcome.status.padEnd(12)} ${outcome.messageId ?? '(no message id)'}${target}${detail}`);
  }
  for (const id of report.notFound) lines.push(`${'not-found'.padEnd(12)} ${id}`);
  if (report.dryRun) {
    lines.push(`dry run: would replay ${report.wouldReplay}, skipped ${report.skipped}, not found ${report.notFound.length}; nothing was changed`);
  } else {
    const notFound = report.notFound.length > 0 ? `, not found ${report.notFound.length}` : '';
    lines.push(`replayed ${report.replayed}, skipped ${report.skipped}, failed ${report.failed}${notFound}`);
  }
  return lines.join('\n') + '\n';
}

/** Progress on stderr: one rewritten line on a terminal, else a line per update. */
function progressPrinter(io: CliIo): { update: (progress: ReplayProgress) => void; done: () => void } {
  let printed = false;
  return {
    update: (p) => {
      if (p.total < 100 && !printed) return;
      const text = `scanned ${p.scanned}/${p.total}: replayed ${p.replayed}, skipped ${p.skipped}, failed ${p.failed}`;
      io.stderr.write(io.stderr.isTTY ? `\r${text}` : `${text}\n`);
      printed = true;
    },
    done: () => {
      if (printed && io.stderr.isTTY) io.stderr.write('\n');
    },
  };
}

/** Runs the CLI; resolves to the exit code instead of exiting, so it can run inside a test. */
export async function runDlqCli(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = createDlqProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      io.stderr.write(`dlq: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof QueueNotFoundError) {
      io.stderr.write(`dlq: ${error.message} (check the name: npm run topology lists them)\n`);
      return 1;
    }
    io.stderr.write(`dlq: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

if (require.main === module) {
  // The exit code is set when it settles; nothing else runs after it.
  void runDlqCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
    process.exitCode = code;
  });
}
