import { JsonLogger, loadConfig } from '@ecom/service-kit';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { FlowConsoleConfig } from './flow-console.config';

/** Not `runService`: the console consumes no service queue and has no database, only a tap. */
async function main(): Promise<void> {
  const config = loadConfig(FlowConsoleConfig);
  const logger = new JsonLogger({ service: 'flow-console', level: config.LOG_LEVEL });
  const app = await NestFactory.create(AppModule.forRoot(config), { logger, bufferLogs: true });
  app.useLogger(logger);
  app.enableShutdownHooks();
  await app.listen(config.CONSOLE_PORT, config.CONSOLE_HOST);
  logger.log({ msg: `flow-console listening on http://${config.CONSOLE_HOST}:${config.CONSOLE_PORT}`, port: config.CONSOLE_PORT });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
