import { OrderCreatedV1 } from './events/order-created';
import type { PaymentFailedV1 } from './events/payment-processed-failed';
import type { PaymentSucceededV1 } from './events/payment-processed-successful';
import type { ShipmentCreatedV1 } from './events/shipping-shipment-created';
import type { ShipmentFailedV1 } from './events/shipping-shipment-failed';
import type { StockInsufficientV1 } from './events/inventory-stock-insufficient';
import type { StockReservedV1 } from './events/inventory-stock-reserved';
import type { ShipmentAttemptFailedV1 } from './events/shipping-attempt-failed';
import type { StockReleasedV1 } from './events/inventory-stock-released';
import type { ShipmentCancelledV1 } from './events/shipping-shipment-cancelled';
import type { OrderCancelledV1 } from './events/order-cancelled';
import type { OrderConfirmedV1 } from './events/order-confirmed';
import { currentVersion, EventRegistry, isEventName, registeredVersions, schemaFor } from './registry';
import type { EventData, EventDataFor, EventName } from './registry';
import { RoutingKey } from './routing-key';

// Compile-time assertions: the file fails typecheck when a type stops being what it should be.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

type _Checks = [
  Expect<Equal<EventName, RoutingKey>>,
  Expect<Equal<EventData<'order.created'>, OrderCreatedV1>>,
  Expect<Equal<EventDataFor<'order.created'>, OrderCreatedV1>>,
  Expect<Equal<EventDataFor<'payment.processed.*'>, PaymentSucceededV1 | PaymentFailedV1>>,
  Expect<Equal<EventDataFor<'inventory.stock.*'>, StockReservedV1 | StockInsufficientV1 | StockReleasedV1>>,
  Expect<Equal<EventDataFor<'shipping.#'>, ShipmentCreatedV1 | ShipmentAttemptFailedV1 | ShipmentFailedV1 | ShipmentCancelledV1>>,
  Expect<Equal<EventDataFor<'*.shipment.*'>, ShipmentCreatedV1 | ShipmentFailedV1 | ShipmentCancelledV1>>,
  Expect<Equal<EventDataFor<'*.*.failed'>, PaymentFailedV1 | ShipmentAttemptFailedV1 | ShipmentFailedV1>>,
  Expect<Equal<EventDataFor<'#.failed'>, PaymentFailedV1 | ShipmentAttemptFailedV1 | ShipmentFailedV1>>,
  Expect<Equal<EventDataFor<'order.*'>, OrderCreatedV1 | OrderConfirmedV1 | OrderCancelledV1>>,
  Expect<Equal<EventDataFor<'nobody.sends.this'>, unknown>>,
  Expect<Equal<EventDataFor<string>, unknown>>,
];

describe('EventRegistry', () => {
  it('registers every routing key, with its current version among its versions', () => {
    expect(Object.keys(EventRegistry).sort()).toEqual(Object.values(RoutingKey).sort());
    for (const name of Object.values(RoutingKey)) {
      expect(schemaFor(name, currentVersion(name))).toBeDefined();
    }
  });

  it('tells event names from other strings', () => {
    expect(isEventName('order.created')).toBe(true);
    expect(isEventName('order.*')).toBe(false);
    expect(isEventName('toString')).toBe(false);
    expect(isEventName(42)).toBe(false);
  });

  it('looks schemas up by version, current by default', () => {
    expect(schemaFor('order.created')).toBe(OrderCreatedV1);
    expect(schemaFor('order.created', 1)).toBe(OrderCreatedV1);
    expect(schemaFor('order.created', 2)).toBeUndefined();
    expect(schemaFor('nope' as EventName)).toBeUndefined();
    expect(currentVersion('order.created')).toBe(1);
  });

  it('lists every registered version', () => {
    expect(registeredVersions()).toHaveLength(Object.keys(EventRegistry).length);
    expect(registeredVersions()[0]).toEqual({ name: 'order.created', version: 1, schema: OrderCreatedV1 });
  });
});
