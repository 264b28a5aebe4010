import { context, propagation, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { MessageContextManager } from '@ecom/rabbit/tracing';
import { IdOnlyTracerProvider } from './id-only-tracer';

/**
 * Registers OpenTelemetry for a service: W3C trace context propagation and async context, so
 * every span of one order shares one trace. With OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) set, the SDK records spans and exports them over OTLP/HTTP.
 * Without it nobody reads a span, so spans carry ids only (IdOnlyTracerProvider): `traceparent`
 * still travels from hop to hop, and recording costs nothing. Either way OpenTelemetry's async
 * context lives in the message context's storage (MessageContextManager): one tracked context
 * instead of two, which every promise the service makes pays for.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): { shutdown: () => Promise<void> } {
  const endpoint = env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] ?? env['OTEL_EXPORTER_OTLP_ENDPOINT'];
  if (!endpoint) {
    context.setGlobalContextManager(new MessageContextManager().enable());
    propagation.setGlobalPropagator(new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }));
    trace.setGlobalTracerProvider(new IdOnlyTracerProvider());
    return { shutdown: async () => undefined };
  }
  // Loaded only when spans are exported: the SDK and the OTLP exporter are most of tracing's memory.
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http');
  const { resourceFromAttributes } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof import('@opentelemetry/sdk-trace-node');
  const { ATTR_SERVICE_NAME } = require('@opentelemetry/semantic-conventions') as typeof import('@opentelemetry/semantic-conventions');
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env['OTEL_SERVICE_NAME'] ?? service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register({ contextManager: new MessageContextManager() });
  return { shutdown: () => provider.shutdown() };
}
