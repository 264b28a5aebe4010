import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

/** Identifier minted by our services (orders, payments, reservations, shipments). */
export const Uuid = Type.String({ format: 'uuid', description: 'UUID minted by the owning service.' });
/** A UUID string. */
export type Uuid = Static<typeof Uuid>;

/** Identifier owned by another system (customers, products): opaque, URL- and log-safe. */
export const ExternalId = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9._-]+$',
  description: 'Identifier issued outside this flow: letters, digits, dot, underscore, dash.',
});
/** An identifier issued outside this flow. */
export type ExternalId = Static<typeof ExternalId>;
