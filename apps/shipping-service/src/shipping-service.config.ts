import { Type, type Static } from '@sinclair/typebox';
import { CommonServiceConfig } from '@ecom/service-kit';
import { DEFAULT_CARRIER_SCHEDULE } from './carrier/carrier-schedule';

/** shipping-service settings, read from the environment at start. */
export const ShippingServiceConfig = Type.Composite([
  CommonServiceConfig,
  Type.Object({
    SHIPPING_SERVICE_PORT: Type.Integer({ default: 3003, minimum: 1, maximum: 65535 }),
    /** Wait in `shipping.service.retry.queue` before each retry (the seed used 30 s). */
    SHIPPING_RETRY_DELAY_MS: Type.Integer({ default: 30_000, minimum: 1 }),
    /** Retries after the first attempt (the seed used 3); then the final DLQ. */
    SHIPPING_MAX_RETRIES: Type.Integer({ default: 3, minimum: 0, maximum: 20 }),
    /** The simulated carrier's behaviour per customer id, see carrier-schedule.ts. */
    CARRIER_SCHEDULE: Type.String({ default: DEFAULT_CARRIER_SCHEDULE, minLength: 1 }),
  }),
]);
export type ShippingServiceConfig = Static<typeof ShippingServiceConfig>;
