import { currentVersion, isEventName, type EventName } from '../registry';
import { assertEvent } from './validate-event';

/**
 * This flow's events as `@ecom/rabbit` takes contracts (`RabbitModule`'s `contracts` option). The
 * shape is structural, so this package needs nothing from the library: `has`, `currentVersion`,
 * and `assert`, which throws ContractValidationError (with its `violations`) for bad data.
 */
export const ecomContracts = {
  has: (routingKey: string): boolean => isEventName(routingKey),
  currentVersion: (routingKey: string): number => (isEventName(routingKey) ? currentVersion(routingKey) : 1),
  assert: (routingKey: string, data: unknown, version?: number): unknown => assertEvent(routingKey as EventName, data, version),
};
