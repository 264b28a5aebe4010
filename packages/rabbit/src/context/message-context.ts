import { AsyncLocalStorage } from 'node:async_hooks';

/** What the message being handled (or the HTTP request being served) passes on to what follows. */
export interface MessageContext {
  correlationId: string;
  /** The event being handled: the causation id of every event published while handling it. */
  eventId?: string;
  routingKey?: string;
  queue?: string;
  attempt?: number;
  /** W3C trace context of the current span, carried onto outgoing messages. */
  traceparent?: string;
}

/**
 * What one async context carries: the message context and, when the application registered
 * MessageContextManager (`@ecom/rabbit/tracing`), OpenTelemetry's context too. One storage for
 * both because Node tracks every AsyncLocalStorage in use on every promise it creates: a second
 * one (OpenTelemetry's own context manager) cost each promise about as much again as the first.
 * `otel` is typed loosely so this module needs no OpenTelemetry import.
 */
export interface ContextFrame {
  message?: MessageContext;
  otel?: unknown;
}

const frames = new AsyncLocalStorage<ContextFrame>();

/** Runs `work` with `context` as the current message context (for logs and outgoing messages). */
export function runInMessageContext<T>(context: MessageContext, work: () => T): T {
  return frames.run({ message: context, otel: frames.getStore()?.otel }, work);
}

/** The current message context, if any. */
export function currentMessageContext(): MessageContext | undefined {
  return frames.getStore()?.message;
}

/** The frame the current async context carries (for MessageContextManager). */
export function currentFrame(): ContextFrame | undefined {
  return frames.getStore();
}

/** Runs `work` in a frame of its own (for MessageContextManager). */
export function runInFrame<A extends unknown[], T>(frame: ContextFrame, work: (...args: A) => T, ...args: A): T {
  return frames.run(frame, work, ...args);
}
