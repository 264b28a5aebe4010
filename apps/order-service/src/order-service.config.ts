import { Type, type Static } from '@sinclair/typebox';
import { CommonServiceConfig } from '@ecom/rabbit/service';

/** order-service settings, read from the environment at start. */
export const OrderServiceConfig = Type.Composite([
  CommonServiceConfig,
  Type.Object({
    ORDER_SERVICE_PORT: Type.Integer({ default: 3000, minimum: 1, maximum: 65535 }),
    /** Largest accepted request body (bytes syntax of the `bytes` package, e.g. 64kb). */
    ORDER_BODY_LIMIT: Type.String({ default: '64kb', pattern: '^\\d+(b|kb|mb)$' }),
  }),
]);
export type OrderServiceConfig = Static<typeof OrderServiceConfig>;
