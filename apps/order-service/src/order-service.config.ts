import { Type, type Static } from '@sinclair/typebox';
import { CommonServiceConfig } from '@ecom/service-kit';

/** order-service settings, read from the environment at start. */
export const OrderServiceConfig = Type.Composite([
  CommonServiceConfig,
  Type.Object({
    ORDER_SERVICE_PORT: Type.Integer({ default: 3000, minimum: 1, maximum: 65535 }),
    /** Largest accepted request body (bytes syntax of the `bytes` package, e.g. 64kb). */
    ORDER_BODY_LIMIT: Type.String({ default: '64kb', pattern: '^\\d+(b|kb|mb)$' }),
    /** An order not paid this long after it was placed is cancelled (payment_timeout). */
    ORDER_PAYMENT_TIMEOUT_MS: Type.Integer({ default: 300_000, minimum: 100 }),
    /** A paid order whose stock is not reserved this long after payment is cancelled (stock_timeout). */
    ORDER_STOCK_TIMEOUT_MS: Type.Integer({ default: 300_000, minimum: 100 }),
    /** How often order-service looks for orders past a deadline: a timeout acts at most this late. */
    ORDER_DEADLINE_SWEEP_MS: Type.Integer({ default: 1_000, minimum: 10, maximum: 60_000 }),
  }),
]);
export type OrderServiceConfig = Static<typeof OrderServiceConfig>;
