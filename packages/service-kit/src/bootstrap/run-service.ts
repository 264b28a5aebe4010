import { Module, type DynamicModule, type INestApplication, type OnApplicationShutdown, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JsonLogger } from '../logging/json-logger';
import { startTracing } from '../tracing/start-tracing';
import { connectRabbitTransport } from '@ecom/rabbit';
import { AppPrototypeExpressAdapter } from '../http/app-prototype-express-adapter';
import { loadConfig } from '../config/service-config';
import { hardenHttp } from '../security/http-hardening';
import { SecurityConfig } from '../security/security.config';

export interface RunServiceOptions {
  service: string;
  port: number;
  host?: string;
  /** False when the service installs its own body parser in `configure`. Default true. */
  bodyParser?: boolean;
  /** JSON body limit of the default parser; default HTTP_BODY_LIMIT (64kb). */
  bodyLimit?: string;
  /** Set-up before the app starts (body parsing, global pipes). */
  configure?: (app: INestApplication) => void;
}

/**
 * Starts a hybrid service the one way all five do: JSON logs, shutdown on SIGTERM/SIGINT (which
 * drains the consumers), the transport beside HTTP.
 */
export async function runService(module: Type | DynamicModule, options: RunServiceOptions): Promise<INestApplication> {
  const tracing = startTracing(options.service);
  const logger = new JsonLogger({ service: options.service });
  // Nest's own parser is off so the kit's (with its limit) is the only one.
  const app = await NestFactory.create(withTracingShutdown(module, tracing.shutdown), new AppPrototypeExpressAdapter(), {
    logger,
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(logger);
  app.enableShutdownHooks();
  const bodyLimit = options.bodyParser === false ? false : (options.bodyLimit ?? loadConfig(SecurityConfig).HTTP_BODY_LIMIT);
  hardenHttp(app, { bodyLimit });
  options.configure?.(app);
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
