import { RoutingKey } from './routing-key';
import type { ServiceName } from './services';

/**
 * Which service publishes which events: each routing key has exactly one owner. Broker users are
 * derived from this (tools `broker:setup`: topic permissions on the exchange), so a service can
 * publish only its own events; a compromised one cannot forge another's.
 */
export const Publishes: Readonly<Record<ServiceName, readonly RoutingKey[]>> = {
  'order-service': [
    RoutingKey.OrderCreated,
    RoutingKey.OrderConfirmed,
    RoutingKey.OrderCancellationRequested,
    RoutingKey.OrderCancelled,
  ],
  'payment-service': [RoutingKey.PaymentSucceeded, RoutingKey.PaymentFailed, RoutingKey.PaymentRefunded],
  'inventory-service': [RoutingKey.StockReserved, RoutingKey.StockInsufficient, RoutingKey.StockReleased],
  'shipping-service': [RoutingKey.ShipmentAttemptFailed, RoutingKey.ShipmentCreated, RoutingKey.ShipmentFailed, RoutingKey.ShipmentCancelled],
  'notification-service': [],
};

/** The routing keys a service may publish. */
export function publishedBy(service: ServiceName): readonly RoutingKey[] {
  return Publishes[service];
}
