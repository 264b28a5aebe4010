import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Counter, Histogram, register } from 'prom-client';
import { context as otelContext, trace } from '@opentelemetry/api';
import { runInMessageContext } from '@ecom/rabbit';
import { activeTraceparent, extractTraceContext, SpanKind, tracer } from '@ecom/rabbit/tracing';
import { OPS_OPTIONS, type OpsModuleOptions } from './ops.options';

/** A client-sent correlation id is honoured only if it is a sane token, so logs stay clean. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Per request: honours or mints `x-correlation-id` (echoed in the response), runs the rest of the
 * request in that context so logs and published events carry it, and records HTTP metrics.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Http');
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly requests: Counter<'method' | 'route' | 'status'>;

  constructor(@Inject(OPS_OPTIONS) options: OpsModuleOptions) {
    const registry = options.registry ?? register;
    this.duration =
      (registry.getSingleMetric('http_request_duration_seconds') as Histogram<'method' | 'route' | 'status'>) ??
      new Histogram({
        name: 'http_request_duration_seconds',
        help: 'HTTP request duration',
        labelNames: ['method', 'route', 'status'],
        buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        registers: [registry],
      });
    this.requests =
      (registry.getSingleMetric('http_requests_total') as Counter<'method' | 'route' | 'status'>) ??
      new Counter({ name: 'http_requests_total', help: 'HTTP requests', labelNames: ['method', 'route', 'status'], registers: [registry] });
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const sent = req.header('x-correlation-id');
    const correlationId = sent && CORRELATION_ID.test(sent) ? sent : randomUUID();
    res.setHeader('x-correlation-id', correlationId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      this.duration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
      this.requests.inc(labels);
      if (!req.originalUrl.startsWith('/metrics') && !req.originalUrl.startsWith('/health')) {
        this.logger.log({ msg: `${req.method} ${req.originalUrl} ${res.statusCode}`, correlationId, status: res.statusCode });
      }
    });
    // A server span, child of the caller's `traceparent`: every event this request causes joins its trace.
    const span = tracer.startSpan(`${req.method} ${req.path}`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method, 'url.path': req.path, 'correlation.id': correlationId },
    }, extractTraceContext(req.headers as Record<string, unknown>));
    res.on('finish', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      span.end();
    });
    otelContext.with(trace.setSpan(otelContext.active(), span), () =>
      runInMessageContext({ correlationId, traceparent: activeTraceparent() ?? req.header('traceparent') }, next),
    );
  }
}
