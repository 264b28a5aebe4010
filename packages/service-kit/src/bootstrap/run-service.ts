import { Module, type DynamicModule, type OnApplicationShutdown, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { JsonLogger } from '../logging/json-logger';
import { startTracing } from '../tracing/start-tracing';
import { connectRabbitTransport } from '@ecom/rabbit';
import { loadConfig } from '../config/service-config';
import { serviceHttpAdapter } from '../http/fastify-adapter';
import { hardenHttp } from '../security/http-hardening';
import { SecurityConfig } from '../security/security.config';
import { boundHeapGrowth, HeapConfig } from './heap-growth';

export interface RunServiceOptions {
  service: string;
  port: number;
  host?: string;
  /** Largest JSON request body (`bytes` syntax, e.g. 64kb; 413 above it); default HTTP_BODY_LIMIT. */
  bodyLimit?: string;
  /** Set-up before the app starts (global pipes, the OpenAPI document). */
  configure?: (app: NestFastifyApplication) => void | Promise<void>;
}

/**
 * Starts a hybrid service the one way all five do: the old generation's growth bounded (see
 * `boundHeapGrowth`), JSON logs, shutdown on SIGTERM/SIGINT (which drains the consumers), the
 * transport beside HTTP.
 *
 * HTTP is Fastify (Nest's `@nestjs/platform-fastify`): measured against Express in the bench
 * (README, Benchmark), order-service took 0.32 cores instead of 0.37 at 100 orders/s.
 */
export async function runService(module: Type | DynamicModule, options: RunServiceOptions): Promise<NestFastifyApplication> {
  boundHeapGrowth(loadConfig(HeapConfig));
  const tracing = startTracing(options.service);
  const logger = new JsonLogger({ service: options.service });
  const bodyLimit = options.bodyLimit ?? loadConfig(SecurityConfig).HTTP_BODY_LIMIT;
  // Nest's own parsers are off: Fastify's JSON parser, with this limit, is the only one.
  const app = await NestFactory.create<NestFastifyApplication>(withTracingShutdown(module, tracing.shutdown), serviceHttpAdapter(bodyLimit), {
    logger,
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(logger);
  app.enableShutdownHooks();
  await hardenHttp(app);
  await options.configure?.(app);
  connectRabbitTransport(app);
  await app.startAllMicroservices();
  await app.listen(options.port, options.host ?? '0.0.0.0');
  logger.log({ msg: `${options.service} listening on port ${options.port}`, port: options.port });
  return app;
}

/** The service's module, plus a shutdown hook that flushes the spans still buffered. */
function withTracingShutdown(module: Type | DynamicModule, shutdown: () => Promise<void>): DynamicModule {
  class TracingShutdown implements OnApplicationShutdown {
    onApplicationShutdown(): Promise<void> {
      return shutdown();
    }
  }
  @Module({ imports: [module], providers: [TracingShutdown] })
  class ServiceRootModule {}
  return { module: ServiceRootModule };
}
