// @ecom/rabbit/tracing: W3C trace context across the broker with @opentelemetry/api only (a no-op
// until an app registers an SDK), for the HTTP side of a service to join the same traces; and
// MessageContextManager, OpenTelemetry's async context on the message context's own storage
// (on OpenTelemetry's @opentelemetry/context-async-hooks).
export { activeTraceparent, extractTraceContext, inSpan, SpanKind, tracer } from './trace-context';
export { MessageContextManager } from './message-context-manager';
