import { Type, type Static } from '@sinclair/typebox';
import { CommonServiceConfig } from '@ecom/service-kit';

/** payment-service settings, read from the environment at start. */
export const PaymentServiceConfig = Type.Composite([
  CommonServiceConfig,
  Type.Object({
    PAYMENT_SERVICE_PORT: Type.Integer({ default: 3001, minimum: 1, maximum: 65535 }),
    /** Orders with a total above this are declined (the documented, deterministic rule). */
    PAYMENT_DECLINE_ABOVE: Type.Number({ default: 1000, minimum: 0 }),
  }),
]);
export type PaymentServiceConfig = Static<typeof PaymentServiceConfig>;
