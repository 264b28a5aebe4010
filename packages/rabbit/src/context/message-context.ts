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

const storage = new AsyncLocalStorage<MessageContext>();

/** Runs `work` with `context` as the current message context (for logs and outgoing messages). */
export function runInMessageContext<T>(context: MessageContext, work: () => T): T {
  return storage.run(context, work);
}

/** The current message context, if any. */
export function currentMessageContext(): MessageContext | undefined {
  return storage.getStore();
}
