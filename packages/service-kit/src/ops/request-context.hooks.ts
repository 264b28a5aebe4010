import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';
import { context as otelContext, trace, type Span } from '@opentelemetry/api';
import { runInMessageContext } from '@ecom/rabbit';
import { activeTraceparent, extractTraceContext, SpanKind, tracer } from '@ecom/rabbit/tracing';
import { METRICS_REGISTRY } from './ops.options';

/** A client-sent correlation id is honoured only if it is a sane token, so logs stay clean. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** What a request carries from its first hook to its last. */
interface RequestState {
  correlationId: string;
  started: bigint;
  span: Span;
}

const states = new WeakMap<FastifyRequest, RequestState>();

/**
 * Per request: honours or mints `x-correlation-id` (echoed in the response), runs the handler in
 * that context so logs and published events carry it, traces it as a server span and records HTTP
 * metrics.
 *
 * Fastify hooks rather than Nest middleware (which Fastify runs through middie, on the raw request,
 * before routing, so it knows no route pattern for the metrics). The context is entered in
 * `preHandler`, the last step before the handler, once the body is read: the guards and the handler
 * run inside it whatever the body's reading went through. A request refused earlier (a bad body, an
 * unknown route) still gets its id, its span and its metrics (`onRequest` / `onResponse`).
 */
@Injectable()
export class RequestContextHooks implements OnModuleInit {
  private readonly logger = new Logger('Http');
  private readonly duration: Histogram<'method' | 'route' | 'status'>;
  private readonly requests: Counter<'method' | 'route' | 'status'>;

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    private readonly adapterHost: HttpAdapterHost,
  ) {
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

  /** Fastify resolves a route's hooks when it becomes ready (at listen), so hooks added here reach every route. */
  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify?.addHook) return; // a microservice-only application has no HTTP server
    fastify.addHook('onRequest', (request, reply, done) => this.onRequest(request, reply, done));
    fastify.addHook('preHandler', (request, _reply, done) => this.preHandler(request, done));
    fastify.addHook('onResponse', (request, reply, done) => this.onResponse(request, reply, done));
  }

  private onRequest(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const sent = request.headers['x-correlation-id'];
    const correlationId = typeof sent === 'string' && CORRELATION_ID.test(sent) ? sent : randomUUID();
    void reply.header('x-correlation-id', correlationId);
    const path = request.url.split('?', 1)[0];
    // A server span, child of the caller's `traceparent`: every event this request causes joins its trace.
    const span = tracer.startSpan(`${request.method} ${path}`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': request.method, 'url.path': path, 'correlation.id': correlationId },
    }, extractTraceContext(request.headers as Record<string, unknown>));
    states.set(request, { correlationId, started: process.hrtime.bigint(), span });
    done();
  }

  private preHandler(request: FastifyRequest, done: HookHandlerDoneFunction): void {
    const state = states.get(request);
    if (!state) return done();
    const traceparent = request.headers['traceparent'];
    otelContext.with(trace.setSpan(otelContext.active(), state.span), () =>
      runInMessageContext({ correlationId: state.correlationId, traceparent: activeTraceparent() ?? (typeof traceparent === 'string' ? traceparent : undefined) }, done),
    );
  }

  private onResponse(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
    const state = states.get(request);
    if (state) {
      const route = request.routeOptions.url ?? 'unmatched';
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      this.duration.observe(labels, Number(process.hrtime.bigint() - state.started) / 1e9);
      this.requests.inc(labels);
      if (!request.url.startsWith('/metrics') && !request.url.startsWith('/health')) {
        this.logger.log({ msg: `${request.method} ${request.url} ${reply.statusCode}`, correlationId: state.correlationId, status: reply.statusCode });
      }
      state.span.setAttribute('http.response.status_code', reply.statusCode);
      state.span.end();
    }
    done();
  }
}
