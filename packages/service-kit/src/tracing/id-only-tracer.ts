import {
  context,
  isSpanContextValid,
  trace,
  TraceFlags,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';

/**
 * What tracing costs when no exporter is configured: nothing but ids. Each span is a non-recording
 * span with a span id of its own, in the trace of its parent (or a new one), sampled as the SDK's
 * default sampler would: `traceparent` goes on from hop to hop exactly as with the full SDK, so a
 * collector added later sees whole traces, while no attributes, events, timestamps or span objects
 * are kept for an exporter that is not there.
 */
export class IdOnlyTracerProvider implements TracerProvider {
  private readonly tracer = new IdOnlyTracer();

  getTracer(): Tracer {
    return this.tracer;
  }
}

const HEX = '0123456789abcdef';

/**
 * A random lowercase-hex id of `length` characters, never all zeros (invalid in W3C trace context).
 * Math.random, as the SDK's own id generator: trace ids need to be unique, not secret.
 */
function randomId(length: 16 | 32): string {
  let id = '';
  let zero = true;
  for (let i = 0; i < length; i++) {
    const digit = (Math.random() * 16) | 0;
    if (digit !== 0) zero = false;
    id += HEX[digit];
  }
  return zero ? randomId(length) : id;
}

class IdOnlyTracer implements Tracer {
  startSpan(_name: string, _options?: SpanOptions, parentContext: Context = context.active()): Span {
    const parent = trace.getSpanContext(parentContext);
    const inTrace = parent !== undefined && isSpanContextValid(parent);
    return trace.wrapSpanContext({
      traceId: inTrace ? parent.traceId : randomId(32),
      spanId: randomId(16),
      // Parent-based, always on: the SDK's default sampler.
      traceFlags: inTrace ? parent.traceFlags : TraceFlags.SAMPLED,
    });
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, options: SpanOptions, parentContext: Context, fn: F): ReturnType<F>;
  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...args: unknown[]): ReturnType<F> {
    const fn = args[args.length - 1] as F;
    const options = (args.length > 1 ? args[0] : undefined) as SpanOptions | undefined;
    const parentContext = (args.length > 2 ? args[1] : context.active()) as Context;
    const span = this.startSpan(name, options, parentContext);
    return context.with(trace.setSpan(parentContext, span), fn as (span: Span) => ReturnType<F>, undefined, span);
  }
}
