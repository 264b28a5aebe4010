/**
 * What the library needs to know about a team's events, whatever describes them: a registry of
 * TypeBox schemas (`typeboxContracts` in `@ecom/rabbit/typebox`), or any object of this shape.
 * Publishing validates every event against it; consuming validates the events it knows.
 */
export interface EventContracts {
  /** Whether the routing key names an event these contracts describe; others are not validated on consume. */
  has(routingKey: string): boolean;
  /** The schema version producers emit now for the routing key (written to `ecom-schema-version`). */
  currentVersion(routingKey: string): number;
  /**
   * The data when it matches the routing key's schema (the current version unless one is given);
   * throws otherwise, with a `violations` list ({ path, message }) on the error that the consumer
   * puts in the dead-letter headers. An unregistered routing key throws too.
   */
  assert(routingKey: string, data: unknown, version?: number): unknown;
}

/** One schema violation: a JSON pointer into the data and what is wrong there. */
export interface EventViolation {
  path: string;
  message: string;
}

/** The violations an `assert` failure carries, when it carries any. */
export function violationsOf(error: unknown): EventViolation[] | undefined {
  const violations = (error as { violations?: unknown } | null)?.violations;
  return Array.isArray(violations) ? (violations as EventViolation[]) : undefined;
}

/** Routing key → payload type: what `publish` and the outbox are typed with. */
export type EventMap = Record<string, unknown>;

/**
 * The events a service publishes, for typing. Empty by default (any routing key, payload
 * `unknown`); a service states its own once by augmenting it:
 *
 * ```ts
 * declare module '@ecom/rabbit' {
 *   interface RegisteredEvents { 'billing.invoice.created': InvoiceCreated }
 * }
 * ```
 *
 * or passes the map as a type argument: `RabbitPublisher<BillingEvents>`, `Outbox<Tx, BillingEvents>`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface, @typescript-eslint/no-empty-object-type
export interface RegisteredEvents {}

/** The registered events, or any routing key with any payload when none are registered. */
export type DefaultEvents = keyof RegisteredEvents extends never ? EventMap : RegisteredEvents;

/** Routing keys of an event map; any string when the map is unknown (e.g. `app.get(RabbitPublisher)` infers that). */
export type EventKey<E> = unknown extends E ? string : keyof E & string;

/** The payload type of routing key `K` in an event map; `unknown` when the map is. */
export type EventPayload<E, K extends string> = unknown extends E ? unknown : K extends keyof E ? E[K] : never;
