import { Type, type Static } from '@sinclair/typebox';
import { CommonServiceConfig } from '@ecom/service-kit';

/** inventory-service settings, read from the environment at start. */
export const InventoryServiceConfig = Type.Composite([
  CommonServiceConfig,
  Type.Object({ INVENTORY_SERVICE_PORT: Type.Integer({ default: 3002, minimum: 1, maximum: 65535 }) }),
]);
export type InventoryServiceConfig = Static<typeof InventoryServiceConfig>;
