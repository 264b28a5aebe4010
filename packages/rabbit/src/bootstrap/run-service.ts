import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonLogger } from '../logging/json-logger';
import { connectRabbitTransport } from './connect-rabbit-transport';

export interface RunServiceOptions {
  service: string;
  port: number;
  host?: string;
  /** False when the service installs its own body parser in `configure`. Default true. */
  bodyParser?: boolean;
  /** Set-up before the app starts (body parsing, global pipes). */
  configure?: (app: INestApplication) => void;
}

/**
 * Starts a hybrid service the one way all five do: JSON logs, shutdown on SIGTERM/SIGINT (which
 * drains the consumers), the transport beside HTTP.
 */
export async function runService(module: Type | DynamicModule, options: RunServiceOptions): Promise<INestApplication> {
  const logger = new JsonLogger({ service: options.service });
  const app = await NestFactory.create(module, { logger, bufferLogs: true, bodyParser: options.bodyParser ?? true });
  app.useLogger(logger);
  app.enableShutdownHooks();
  options.configure?.(app);
  connectRabbitTransport(app);
  await app.startAllMicroservices();
  await app.listen(options.port, options.host ?? '0.0.0.0');
  logger.log({ msg: `${options.service} listening on port ${options.port}`, port: options.port });
  return app;
}
