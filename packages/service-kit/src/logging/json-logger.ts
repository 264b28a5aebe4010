import type { LoggerService, LogLevel } from '@nestjs/common';
import { hostname } from 'node:os';
import pino, { type Logger } from 'pino';
import { currentMessageContext } from '@ecom/rabbit';

export interface JsonLoggerOptions {
  service: string;
  level?: string;
  /** Where lines go; default stdout. Tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}

/**
 * Nest's logger as JSON lines (pino). Every line written while a message or request is handled
 * carries its correlation id, event id and routing key, so one order can be followed with grep.
 */
export class JsonLogger implements LoggerService {
  readonly pino: Logger;

  constructor(options: JsonLoggerOptions) {
    this.pino = pino(
      {
        level: options.level ?? process.env['LOG_LEVEL'] ?? 'info',
        base: { service: options.service, host: hostname(), pid: process.pid },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
        mixin: () => {
          const context = currentMessageContext();
          if (!context) return {};
          return {
            correlationId: context.correlationId,
            ...(context.eventId ? { eventId: context.eventId } : {}),
            ...(context.routingKey ? { routingKey: context.routingKey } : {}),
            ...(context.attempt ? { attempt: context.attempt } : {}),
          };
        },
      },
      options.destination,
    );
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
  setLogLevels(levels: LogLevel[]): void {
    const order: LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
    const lowest = order.find((level) => levels.includes(level)) ?? 'log';
    this.pino.level = { verbose: 'trace', debug: 'debug', log: 'info', warn: 'warn', error: 'error', fatal: 'fatal' }[lowest];
  }

  /**
   * Nest calls `logger.log(message, context)` and `logger.error(message, stack, context)`; the
   * last string is the context (the class name). Objects become structured fields.
   */
  private write(level: pino.Level, message: unknown, rest: unknown[]): void {
    // Most calls are below the level in production: build no fields for a line nobody writes.
    if (!this.pino.isLevelEnabled(level)) return;
    const params = [...rest];
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    for (const param of params) {
      if (typeof param === 'string') fields['stack'] = param;
      else if (param instanceof Error) fields['err'] = param;
      else if (param && typeof param === 'object') Object.assign(fields, param);
    }
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
    } else if (message && typeof message === 'object') {
      const { msg, ...rest } = message as { msg?: string };
      this.pino[level]({ ...fields, ...rest }, msg ?? '');
    } else {
      this.pino[level](fields, String(message));
    }
  }
}
