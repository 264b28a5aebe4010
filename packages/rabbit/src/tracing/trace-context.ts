import {
  context,
  isSpanContextValid,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
} from '@opentelemetry/api';

/** The library's tracer: a no-op until the application registers an OpenTelemetry SDK. */
export const tracer = trace.getTracer('@ecom/rabbit');

const headerGetter = {
  keys: (carrier: Record<string, unknown>) => Object.keys(carrier),
  get: (carrier: Record<string, unknown>, key: string) => {
    const value = carrier[key];
    if (value === undefined || value === null) return undefined;
    return Buffer.isBuffer(value) ? value.toString() : String(value);
  },
};

/** The trace context W3C `traceparent` (and `tracestate`) in AMQP headers or HTTP headers carry. */
export function extractTraceContext(headers: Record<string, unknown> | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, headers ?? {}, headerGetter);
}

/**
 * The `traceparent` of the active span, or undefined when no SDK is registered (then the
 * incoming one is passed on unchanged by the message context). Formatted here rather than
 * through `propagation.inject`: every published event needs it, and the header's W3C form is
 * fixed whatever propagators the application configured.
 */
export function activeTraceparent(): string | undefined {
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return undefined;
  return `00-${spanContext.traceId}-${spanContext.spanId}-${spanContext.traceFlags.toString(16).padStart(2, '0')}`;
}

/**
 * Runs `work` in a span that is a child of `parent`, ending it with the outcome. When nothing
 * records the span and it carries no trace to pass on (no SDK registered, or a tracer that drops
 * it with no parent to follow), `work` runs outside it: there is no context worth entering, and
 * every message comes through here. Written without `async`: each promise it saves is one fewer
 * for Node's async-context hook to track, per message. It settles as `work` does: ending the span
 * never turns a result into a failure.
 */
export function inSpan<T>(
  name: string,
  kind: SpanKind,
  parent: Context,
  attributes: Attributes,
  work: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(name, { kind, attributes }, parent);
  if (!span.isRecording() && !isSpanContextValid(span.spanContext())) return settle(() => work(span));
  const ended = (error?: unknown) => {
    try {
      if (error !== undefined) {
        span.recordException(error as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      }
      span.end();
    } catch {
      // A tracing SDK that fails to end a span must not fail, or leave unsettled, the work it traced.
    }
  };
  return settle(() => context.with(trace.setSpan(parent, span), work, undefined, span)).then(
    (value) => {
      ended();
      return value;
    },
    (error: unknown) => {
      ended(error);
      throw error;
    },
  );
}

/** `work()`'s promise; a synchronous throw becomes a rejection, as it would in an async function. */
function settle<T>(work: () => Promise<T>): Promise<T> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error);
  }
}

export { SpanKind };
