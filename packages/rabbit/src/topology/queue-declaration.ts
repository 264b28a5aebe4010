/** Quorum queues replicate and dead-letter at least once; classic queues suit single-node demos. */
export type QueueType = 'quorum' | 'classic';

/** A broker-side retry: a failed message waits `delaysMs[n]` in a retry queue before attempt n+2. */
export interface RetryDeclaration {
  /** Base name of the retry queue(s); default `<queue>.retry`. */
  queue?: string;
  /** One delay per retry; attempts = delays + 1. */
  delaysMs: readonly number[];
}

/** A queue this service consumes: declared, bound and consumed from this one description. */
export interface QueueDeclaration {
  name: string;
  /** Routing-key patterns bound on the exchange (`payment.processed.*`). */
  bindings: readonly string[];
  /** Exchange the bindings are on; default the module's exchange. */
  exchange?: string;
  /** Where invalid, unhandled and exhausted messages go; default `<queue>.dlq`. */
  deadLetterQueue?: string;
  retry?: RetryDeclaration;
  /**
   * Scheduled messages: queues without consumer, bound to these keys, whose messages wait for
   * their per-message TTL (`delayMs` on publish) and then dead-letter into this queue alone.
   * A message only expires at the head of its queue: give each delay length its own queue.
   */
  delays?: readonly { queue: string; bindings: readonly string[] }[];
  /** Per-consumer prefetch; default the module's. */
  prefetch?: number;
  type?: QueueType;
  /**
   * Quorum queues only: deliveries before the broker dead-letters a message on its own, which
   * catches a message that crashes the process every time it is handled.
   */
  deliveryLimit?: number;
}

export interface ExchangeDeclaration {
  name: string;
  type: 'topic' | 'direct' | 'fanout' | 'headers';
}

/** A concrete queue to declare, derived from the declarations. */
export interface QueueSpec {
  name: string;
  role: 'work' | 'retry' | 'delay' | 'dead-letter';
  arguments: Record<string, unknown>;
  bindings: readonly { exchange: string; routingKey: string }[];
  /** For a retry queue: the delay its messages wait. */
  delayMs?: number;
}
