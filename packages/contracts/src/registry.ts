import type { Static, TSchema } from '@sinclair/typebox';
import { StockInsufficientV1 } from './events/inventory-stock-insufficient';
import { StockReservedV1 } from './events/inventory-stock-reserved';
import { OrderCreatedV1 } from './events/order-created';
import { PaymentFailedV1 } from './events/payment-processed-failed';
import { PaymentSucceededV1 } from './events/payment-processed-successful';
import { ShipmentAttemptFailedV1 } from './events/shipping-attempt-failed';
import { ShipmentCreatedV1 } from './events/shipping-shipment-created';
import { ShipmentFailedV1 } from './events/shipping-shipment-failed';
import { OrderCancellationRequestedV1 } from './events/order-cancellation-requested';
import { OrderCancelledV1 } from './events/order-cancelled';
import { OrderConfirmedV1 } from './events/order-confirmed';
import { PaymentRefundedV1 } from './events/payment-refunded';
import { StockReleasedV1 } from './events/inventory-stock-released';
import { ShipmentCancelledV1 } from './events/shipping-shipment-cancelled';
import { RoutingKey } from './routing-key';

/**
 * Every event by routing key: each version that may be on the wire, and the one producers emit.
 * A breaking change adds a version here and moves `current`; older versions stay until no one sends them.
 */
export const EventRegistry = {
  [RoutingKey.OrderCreated]: { current: 1, versions: { 1: OrderCreatedV1 } },
  [RoutingKey.PaymentSucceeded]: { current: 1, versions: { 1: PaymentSucceededV1 } },
  [RoutingKey.PaymentFailed]: { current: 1, versions: { 1: PaymentFailedV1 } },
  [RoutingKey.StockReserved]: { current: 1, versions: { 1: StockReservedV1 } },
  [RoutingKey.StockInsufficient]: { current: 1, versions: { 1: StockInsufficientV1 } },
  [RoutingKey.ShipmentCreated]: { current: 1, versions: { 1: ShipmentCreatedV1 } },
  [RoutingKey.ShipmentAttemptFailed]: { current: 1, versions: { 1: ShipmentAttemptFailedV1 } },
  [RoutingKey.ShipmentFailed]: { current: 1, versions: { 1: ShipmentFailedV1 } },
  [RoutingKey.OrderConfirmed]: { current: 1, versions: { 1: OrderConfirmedV1 } },
  [RoutingKey.OrderCancellationRequested]: { current: 1, versions: { 1: OrderCancellationRequestedV1 } },
  [RoutingKey.OrderCancelled]: { current: 1, versions: { 1: OrderCancelledV1 } },
  [RoutingKey.PaymentRefunded]: { current: 1, versions: { 1: PaymentRefundedV1 } },
  [RoutingKey.StockReleased]: { current: 1, versions: { 1: StockReleasedV1 } },
  [RoutingKey.ShipmentCancelled]: { current: 1, versions: { 1: ShipmentCancelledV1 } },
} as const;
/** Shape of the registry. */
export type EventRegistry = typeof EventRegistry;

/** Name (routing key) of a registered event. */
export type EventName = keyof EventRegistry;

/** Schema of the version producers currently emit for `K`. */
export type CurrentSchema<K extends EventName> = EventRegistry[K] extends { current: infer C; versions: infer V }
  ? C extends keyof V
    ? V[C] extends TSchema
      ? V[C]
      : never
    : never
  : never;

/** Payload type of the current version of event `K`. */
export type EventData<K extends EventName> = Static<CurrentSchema<K>>;

/** Every event's current payload type by routing key: the event map a publisher is typed with. */
export type EcomEvents = { [K in EventName]: EventData<K> };

type Words<S extends string> = S extends `${infer Head}.${infer Tail}` ? [Head, ...Words<Tail>] : [S];

// Type-level twin of matchesRoutingKey: `*` takes one word, `#` zero or more.
type TopicMatches<P extends readonly string[], K extends readonly string[]> = P extends readonly [
  infer PHead,
  ...infer PTail extends string[],
]
  ? PHead extends '#'
    ? TopicMatches<PTail, K> extends true
      ? true
      : K extends readonly [string, ...infer KTail extends string[]]
        ? TopicMatches<P, KTail>
        : false
    : K extends readonly [infer KHead, ...infer KTail extends string[]]
      ? PHead extends '*' | KHead
        ? TopicMatches<PTail, KTail>
        : false
      : false
  : K extends readonly []
    ? true
    : false;

/** Event names a binding pattern receives, e.g. `'payment.processed.*'`. */
export type EventNamesMatching<P extends string> = {
  [K in EventName]: TopicMatches<Words<P>, Words<K>> extends true ? K : never;
}[EventName];

/** Payload type of whatever arrives on binding pattern `P`; `unknown` when no registered event matches or `P` is not a literal. */
export type EventDataFor<P extends string> = P extends string
  ? string extends P
    ? unknown
    : [EventNamesMatching<P>] extends [never]
      ? unknown
      : { [K in EventNamesMatching<P>]: EventData<K> }[EventNamesMatching<P>]
  : never;

/** Whether a string is a registered event name. */
export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(EventRegistry, value);
}

/** Version producers currently emit for an event. */
export function currentVersion<K extends EventName>(name: K): EventRegistry[K]['current'] {
  return EventRegistry[name].current;
}

/** Schema of an event: the current version when none is given, undefined for a version never registered. */
export function schemaFor<K extends EventName>(name: K): CurrentSchema<K>;
export function schemaFor(name: EventName, version?: number): TSchema | undefined;
export function schemaFor(name: EventName, version?: number): TSchema | undefined {
  if (!isEventName(name)) return undefined;
  const entry = EventRegistry[name];
  const versions: Readonly<Record<number, TSchema>> = entry.versions;
  return versions[version ?? entry.current];
}

/** Every registered (event, version) pair, for generators and tests. */
export function registeredVersions(): { name: EventName; version: number; schema: TSchema }[] {
  return (Object.keys(EventRegistry) as EventName[]).flatMap((name) =>
    Object.entries(EventRegistry[name].versions as Readonly<Record<string, TSchema>>).map(([version, schema]) => ({
      name,
      version: Number(version),
      schema,
    })),
  );
}
