import { EventEmitter } from 'node:events';
import { context, createContextKey, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { currentMessageContext, runInMessageContext, type MessageContext } from '../context/message-context';
import { activeTraceparent } from './trace-context';
import { MessageContextManager } from './message-context-manager';

const KEY = createContextKey('spec');
const handled: MessageContext = { correlationId: 'corr-1', eventId: 'evt-1', routingKey: 'order.created' };
const nextTick = () => new Promise((resolve) => setImmediate(resolve));

describe('MessageContextManager: OpenTelemetry context on the message context storage', () => {
  const manager = new MessageContextManager().enable();

  it('enters an OpenTelemetry context and keeps the message context being handled, across awaits', async () => {
    const otel = ROOT_CONTEXT.setValue(KEY, 'span-context');
    await runInMessageContext(handled, async () => {
      await manager.with(otel, async () => {
        await nextTick();
        expect(manager.active()).toBe(otel);
        expect(currentMessageContext()).toBe(handled);
      });
      expect(manager.active()).toBe(ROOT_CONTEXT);
      expect(currentMessageContext()).toBe(handled);
    });
    expect(currentMessageContext()).toBeUndefined();
  });

  it('keeps the OpenTelemetry context when a message context is entered inside it', async () => {
    const otel = ROOT_CONTEXT.setValue(KEY, 'outer');
    await manager.with(otel, () =>
      runInMessageContext(handled, async () => {
        await nextTick();
        expect(manager.active().getValue(KEY)).toBe('outer');
        expect(currentMessageContext()).toBe(handled);
      }),
    );
  });

  it('passes thisArg and arguments through', () => {
    const target = { factor: 3, times(this: { factor: number }, n: number) { return this.factor * n; } };
    expect(manager.with(ROOT_CONTEXT, target.times, target, 5)).toBe(15);
  });

  it('binds functions and event emitters to a context (OpenTelemetry’s own base class, through with)', () => {
    const otel = ROOT_CONTEXT.setValue(KEY, 'bound');
    const bound = manager.bind(otel, () => manager.active().getValue(KEY));
    expect(bound()).toBe('bound');

    const emitter = manager.bind(otel, new EventEmitter());
    let seen: unknown;
    emitter.on('ping', () => (seen = manager.active().getValue(KEY)));
    emitter.emit('ping');
    expect(seen).toBe('bound');
  });

  it('carries no OpenTelemetry context once disabled, and the message context goes on', () => {
    const off = new MessageContextManager();
    const otel = ROOT_CONTEXT.setValue(KEY, 'ignored');
    runInMessageContext(handled, () =>
      off.with(otel, () => {
        expect(off.active()).toBe(ROOT_CONTEXT);
        expect(currentMessageContext()).toBe(handled);
      }),
    );
  });

  describe('registered as the global context manager', () => {
    beforeAll(() => context.setGlobalContextManager(manager));
    afterAll(() => context.disable());

    it('is where the OpenTelemetry API reads and sets the active context', async () => {
      const otel = ROOT_CONTEXT.setValue(KEY, 'global');
      await context.with(otel, async () => {
        await nextTick();
        expect(context.active().getValue(KEY)).toBe('global');
      });
      expect(context.active()).toBe(ROOT_CONTEXT);
    });

    it('makes a span started while handling a message the active span, with the message context intact', async () => {
      // A non-recording span with a valid context: what activeTraceparent formats.
      const parent = trace.wrapSpanContext({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7', traceFlags: 1 });
      await runInMessageContext(handled, () =>
        context.with(trace.setSpan(context.active(), parent), async () => {
          await nextTick();
          expect(activeTraceparent()).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
          expect(currentMessageContext()).toBe(handled);
        }),
      );
      expect(activeTraceparent()).toBeUndefined();
    });
  });
});
