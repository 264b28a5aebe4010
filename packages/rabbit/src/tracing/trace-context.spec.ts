import {
  context,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Span,
  type SpanStatus,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { MessageContextManager } from './message-context-manager';
import { inSpan, SpanKind } from './trace-context';

/** A span that records what inSpan does to it, as an SDK's would. */
class RecordedSpan {
  ended = 0;
  /** Set to make end() throw, as a broken SDK's might. */
  endFails = false;
  exceptions: unknown[] = [];
  status: SpanStatus | undefined;
  constructor(private readonly recording: boolean) {}
  spanContext() {
    return { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED };
  }
  isRecording() {
    return this.recording;
  }
  end() {
    this.ended++;
    if (this.endFails) throw new Error('exporter exploded');
  }
  recordException(error: unknown) {
    this.exceptions.push(error);
  }
  setStatus(status: SpanStatus) {
    this.status = status;
    return this;
  }
}

/**
 * What the registered tracer makes of the next spans: nothing recorded and no trace (as with no SDK),
 * recorded spans, or spans that record nothing but carry ids (as the service kit's id-only tracer).
 * Registered once: OpenTelemetry's global provider takes one registration, and inSpan's tracer, a
 * proxy made at import, keeps following the provider registered then.
 */
let mode: 'none' | 'recording' | 'ids-only' | 'end-fails' = 'none';
const spans: RecordedSpan[] = [];
const switchableTracer = {
  startSpan: () => {
    if (mode === 'none') return trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
    const span = new RecordedSpan(mode !== 'ids-only');
    span.endFails = mode === 'end-fails';
    spans.push(span);
    return span as unknown as Span;
  },
} as unknown as Tracer;
const provider: TracerProvider = { getTracer: () => switchableTracer };

describe('inSpan', () => {
  beforeAll(() => {
    trace.setGlobalTracerProvider(provider);
    context.setGlobalContextManager(new MessageContextManager().enable());
  });
  beforeEach(() => {
    spans.length = 0;
    mode = 'none';
  });
  afterAll(() => {
    trace.disable();
    context.disable();
  });

  it('runs the work and passes on its value and its failure when nothing records and there is no trace', async () => {
    await expect(inSpan('process a', SpanKind.CONSUMER, ROOT_CONTEXT, {}, async () => 42)).resolves.toBe(42);
    const failure = new Error('handler failed');
    await expect(inSpan('process a', SpanKind.CONSUMER, ROOT_CONTEXT, {}, async () => Promise.reject(failure))).rejects.toBe(failure);
    // A synchronous throw is a rejection too, as from an async function.
    await expect(
      inSpan('process a', SpanKind.CONSUMER, ROOT_CONTEXT, {}, () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
  });

  it('makes a recorded span the active one for the work and ends it once the work settled', async () => {
    mode = 'recording';
    let activeInWork: Span | undefined;
    let endedDuringWork = -1;
    const value = await inSpan('process a', SpanKind.CONSUMER, ROOT_CONTEXT, {}, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      activeInWork = trace.getSpan(context.active());
      endedDuringWork = spans[0].ended;
      return 'done';
    });
    expect(value).toBe('done');
    expect(activeInWork).toBe(spans[0]);
    expect(endedDuringWork).toBe(0);
    expect(spans[0].ended).toBe(1);
    expect(spans[0].exceptions).toEqual([]);
  });

  it('records a failure on the span, ends it and rejects with the same error', async () => {
    mode = 'recording';
    const failure = new Error('handler failed');
    await expect(inSpan('process a', SpanKind.CONSUMER, ROOT_CONTEXT, {}, async () => Promise.reject(failure))).rejects.toBe(failure);
    expect(spans[0].exceptions).toEqual([failure]);
    expect(spans[0].status).toEqual({ code: SpanStatusCode.ERROR, message: 'handler failed' });
    expect(spans[0].ended).toBe(1);
  });

  it('still enters a span that records nothing but carries a trace (ids passed on, as the id-only tracer makes)', async () => {
    mode = 'ids-only';
    let activeInWork: Span | undefined;
    await inSpan('process a', SpanKind.CONSUMER, ROOT_CONTEXT, {}, async () => {
      activeInWork = trace.getSpan(context.active());
    });
    expect(activeInWork).toBe(spans[0]);
  });

  it("settles as the work did when the span fails to end (the consumer's dispatch relies on it never rejecting)", async () => {
    mode = 'end-fails';
    await expect(inSpan('process a', SpanKind.CONSUMER, ROOT_CONTEXT, {}, async () => 'done')).resolves.toBe('done');
    const failure = new Error('handler failed');
    await expect(inSpan('process a', SpanKind.CONSUMER, ROOT_CONTEXT, {}, async () => Promise.reject(failure))).rejects.toBe(failure);
    expect(spans.map((span) => span.ended)).toEqual([1, 1]);
  });
});
