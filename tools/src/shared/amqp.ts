import { connect, type ChannelModel } from 'amqplib';

export const DEFAULT_AMQP_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** An operator error: printed as one line, exit code 1 (or the code given). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** `--url` wins, then `AMQP_URL`, then the local default. */
export function resolveAmqpUrl(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option || env['AMQP_URL'] || DEFAULT_AMQP_URL;
}

/** The URL with its password masked, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/^(amqps?:\/\/[^:/@]*:)[^/]*@/, '$1***@');
}

/** Opens a connection, turning a refusal into a clear CLI error. */
export async function openConnection(url: string): Promise<ChannelModel> {
  let model: ChannelModel;
  try {
    // noDelay: an ack followed by a basic.get would otherwise wait ~40 ms on Nagle + delayed ACK.
    model = await connect(url, { noDelay: true, clientProperties: { connection_name: 'ecom-tools' } });
  } catch (error) {
    throw new CliError(`cannot connect to ${redactUrl(url)}: ${(error as Error).message}`);
  }
  // Without a listener an 'error' event would crash the process; the failing call rejects anyway.
  model.on('error', () => undefined);
  return model;
}

export async function withConnection<T>(url: string, work: (model: ChannelModel) => Promise<T>): Promise<T> {
  const model = await openConnection(url);
  try {
    return await work(model);
  } finally {
    await model.close().catch(() => undefined);
  }
}
