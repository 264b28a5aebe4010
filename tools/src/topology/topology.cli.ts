#!/usr/bin/env node
// Prints the broker layout the services declare: `npm run topology -- --format mermaid`.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { buildTopologyView, DEFAULT_RETRY_DELAYS_MS, parseRetryDelays } from './topology-model';
import { renderTopologyJson, renderTopologyMermaid, renderTopologyTable } from './topology-render';

export type TopologyFormat = 'table' | 'mermaid' | 'json' | 'all';

export interface TopologyCliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export function renderTopology(format: TopologyFormat, options: { retryDelaysMs: number[]; queueType?: 'quorum' | 'classic' }): string {
  const view = buildTopologyView(undefined, { retryDelaysMs: options.retryDelaysMs, queueType: options.queueType });
  switch (format) {
    case 'table':
      return renderTopologyTable(view);
    case 'mermaid':
      return renderTopologyMermaid(view);
    case 'json':
      return renderTopologyJson(view);
    case 'all':
      return `${renderTopologyTable(view)}\n\`\`\`mermaid\n${renderTopologyMermaid(view)}\`\`\`\n`;
  }
}

export async function runTopologyCli(argv: readonly string[], io: TopologyCliIo): Promise<number> {
  const program = new Command('topology')
    .description('Exchanges, queues, bindings and retry / dead-letter wiring, from the declarations the services use.')
    .addOption(
      new Option('--format <format>', 'table, mermaid or json (default: table, then mermaid)')
        .choices(['table', 'mermaid', 'json'])
        .default('all'),
    )
    .option('--retry-delays <ms,...>', 'delays of the retrying queues', (value: string) => {
      try {
        return parseRetryDelays(value);
      } catch (error) {
        throw new InvalidArgumentError((error as Error).message);
      }
    })
    .addOption(new Option('--queue-type <type>', 'queue type the services declare (default: the transport default)').choices(['quorum', 'classic']))
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .exitOverride()
    .action((options: { format: TopologyFormat; retryDelays?: number[]; queueType?: 'quorum' | 'classic' }) => {
      io.stdout.write(
        renderTopology(options.format, {
          retryDelaysMs: options.retryDelays ?? [...DEFAULT_RETRY_DELAYS_MS],
          queueType: options.queueType,
        }),
      );
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    io.stderr.write(`topology: ${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  // The exit code is set when it settles; nothing else runs after it.
  void runTopologyCli(process.argv.slice(2), process).then((code) => {
    process.exitCode = code;
  });
}
