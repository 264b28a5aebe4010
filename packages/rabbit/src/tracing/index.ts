// @ecom/rabbit/tracing: W3C trace context across the broker with @opentelemetry/api only (a no-op
// until an app registers an SDK), for the HTTP side of a service to join the same traces.
export { activeTraceparent, extractTraceContext, inSpan, SpanKind, tracer } from './trace-context';
