import { ROOT_CONTEXT, type Context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { currentFrame, runInFrame } from '../context/message-context';

/**
 * OpenTelemetry's context manager on the message context's own async storage: register it instead
 * of AsyncLocalStorageContextManager (`context.setGlobalContextManager(new
 * MessageContextManager().enable())`, or `provider.register({ contextManager })`), and the process
 * tracks one async context rather than two. Node copies every AsyncLocalStorage in use onto each
 * promise it creates; with both, a promise cost about twice what it did with one (measured here:
 * 0.13 µs more per promise for the first, 0.12 µs for the second), and a service makes hundreds
 * per order.
 *
 * Each frame holds both contexts; entering one keeps the other: a span started in a handler keeps
 * the handled message's context, and a message context entered in a span keeps the span. `bind`
 * (functions and event emitters) comes from OpenTelemetry's own base class, through `with`; the
 * storage that base class makes is never entered, and Node tracks a storage only once it is.
 */
export class MessageContextManager extends AsyncLocalStorageContextManager {
  private enabled = false;

  /** The OpenTelemetry context of the current frame (ROOT_CONTEXT outside one, or while disabled). */
  override active(): Context {
    if (!this.enabled) return ROOT_CONTEXT;
    return (currentFrame()?.otel as Context | undefined) ?? ROOT_CONTEXT;
  }

  /** Runs `fn` with `context` as OpenTelemetry's, in a frame that keeps the current message context. */
  override with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    context: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    const work = thisArg == null ? fn : (fn.bind(thisArg) as F);
    if (!this.enabled) return work(...args);
    return runInFrame({ message: currentFrame()?.message, otel: context }, work, ...args);
  }

  /** Starts carrying OpenTelemetry's context (a new manager carries none until enabled, as OpenTelemetry's own). */
  override enable(): this {
    this.enabled = true;
    return this;
  }

  /** Stops carrying OpenTelemetry's context; the message context, which the library needs, goes on. */
  override disable(): this {
    this.enabled = false;
    return this;
  }
}
