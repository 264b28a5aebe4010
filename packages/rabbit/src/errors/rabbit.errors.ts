/** Base class of every error this library throws, so callers can catch them as one family. */
export class RabbitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An event breaks its contract: thrown by `typeboxContracts`, so before anything is sent. */
export class EventValidationError extends RabbitError {
  constructor(
    readonly routingKey: string,
    readonly violations: { path: string; message: string }[],
    readonly version?: number,
  ) {
    const label = version === undefined ? routingKey : `${routingKey} v${version}`;
    super(`${label} violates its contract: ${violations.map((v) => `${v.path} ${v.message}`).join('; ')}`);
  }
}

/** The broker returned a `mandatory` publish: no queue is bound for its routing key. */
export class UnroutableMessageError extends RabbitError {
  constructor(
    readonly exchange: string,
    readonly routingKey: string,
    readonly replyText: string,
  ) {
    super(`message to exchange '${exchange}' with routing key '${routingKey}' is unroutable: ${replyText}`);
  }
}

/** The broker refused a publish (basic.nack), for example a full queue with `reject-publish`. */
export class PublishNackedError extends RabbitError {
  constructor(readonly routingKey: string) {
    super(`the broker refused (nacked) the message with routing key '${routingKey}'`);
  }
}

/** A publish waited longer than `publishTimeoutMs` for a connection and a confirm. */
export class PublishTimeoutError extends RabbitError {
  constructor(readonly routingKey: string, readonly timeoutMs: number) {
    super(`publish to '${routingKey}' not confirmed within ${timeoutMs} ms (is the broker reachable?)`);
  }
}

/** Too many publishes are waiting for the connection; the newest is refused instead of queued. */
export class PublishBufferFullError extends RabbitError {
  constructor(readonly limit: number) {
    super(`${limit} publishes already wait for the broker connection; refusing more`);
  }
}

/** The publisher was closed; nothing more is accepted. */
export class PublisherClosedError extends RabbitError {
  constructor() {
    super('the publisher is closed');
  }
}

/** A queue or exchange exists with arguments other than the declaration's. */
export class TopologyMismatchError extends RabbitError {
  constructor(
    readonly kind: 'queue' | 'exchange',
    readonly entity: string,
    readonly argument: string,
    readonly declared: string,
    readonly existing: string,
    brokerMessage: string,
  ) {
    super(
      `${kind} '${entity}' already exists with ${argument} = ${existing}, but it is declared with ` +
        `${argument} = ${declared}. Delete the ${kind} (it may hold messages) or change the declaration. ` +
        `Broker said: ${brokerMessage}`,
    );
  }
}

/**
 * Thrown by a handler for a failure that retrying cannot fix (bad data, a business rule):
 * the message goes to the dead-letter queue at once.
 */
export class NonRetryableError extends RabbitError {}

/** True when `error` (or anything it was caused by) is marked non-retryable. */
export function isNonRetryable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    if (current instanceof NonRetryableError || (current as { retryable?: boolean }).retryable === false) {
      return true;
    }
    current = current.cause;
  }
  return false;
}
