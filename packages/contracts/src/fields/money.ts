import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

/**
 * Extension keyword for "at most N decimal places". `multipleOf: 0.01` rejects valid binary
 * floats such as 0.07 in some validators, so cents are checked with a tolerance instead; the
 * validation entry registers it with Ajv, and other JSON Schema tools ignore `x-` keywords.
 */
export const MaxDecimalsKeyword = 'x-max-decimals';

/** Upper bound on any single amount: larger values are bugs, not orders. */
const MaxAmount = 1_000_000;

/** An amount in major currency units (dollars, not cents), zero allowed, at most 2 decimals. */
export const Amount = Type.Number({ minimum: 0, maximum: MaxAmount, [MaxDecimalsKeyword]: 2 });
/** An amount, zero allowed. */
export type Amount = Static<typeof Amount>;

/** An amount that must be above zero (totals and charges). */
export const PositiveAmount = Type.Number({ exclusiveMinimum: 0, maximum: MaxAmount, [MaxDecimalsKeyword]: 2 });
/** An amount above zero. */
export type PositiveAmount = Static<typeof PositiveAmount>;

/** ISO 4217 currency code, e.g. 'USD'. */
export const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code, e.g. USD.' });
/** An ISO 4217 currency code. */
export type Currency = Static<typeof Currency>;
