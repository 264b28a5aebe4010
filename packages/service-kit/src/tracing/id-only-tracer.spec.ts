import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { activeTraceparent, extractTraceContext } from '@ecom/rabbit/tracing';
import { startTracing } from './start-tracing';

describe('tracing without an exporter (ids only)', () => {
  beforeAll(() => startTracing('spec', {}));

  const tracer = () => trace.getTracer('spec');

  it('continues the caller’s trace with a span id of its own, sampled as the SDK would', () => {
    const caller = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const span = tracer().startSpan('GET /orders', {}, extractTraceContext({ traceparent: caller }));
    const { traceId, spanId, traceFlags } = span.spanContext();
    expect(traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(spanId).not.toBe('00f067aa0ba902b7');
    expect(traceFlags).toBe(1);
    expect(span.isRecording()).toBe(false);
  });

  it('starts a new sampled trace without a caller, and each span gets a new id', () => {
    const a = tracer().startSpan('a', {}, ROOT_CONTEXT).spanContext();
    const b = tracer().startSpan('b', {}, ROOT_CONTEXT).spanContext();
    expect(a.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(a.traceId).not.toBe(b.traceId);
    expect(a.traceFlags).toBe(1);
  });

  it('makes the active span the parent of what runs inside it, across awaits, and puts it in traceparent', async () => {
    await tracer().startActiveSpan('outer', async (outer) => {
      await new Promise((resolve) => setImmediate(resolve));
      const { traceId, spanId } = outer.spanContext();
      expect(activeTraceparent()).toBe(`00-${traceId}-${spanId}-01`);
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      expect(carrier['traceparent']).toBe(`00-${traceId}-${spanId}-01`);
      const inner = tracer().startSpan('inner').spanContext();
      expect(inner.traceId).toBe(traceId);
      expect(inner.spanId).not.toBe(spanId);
    });
    expect(activeTraceparent()).toBeUndefined();
  });
});
