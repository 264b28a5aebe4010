import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';

/** How many units of one product: a whole number, bounded to catch typos and abuse. */
export const Quantity = Type.Integer({ minimum: 1, maximum: 1000 });
/** A unit count. */
export type Quantity = Static<typeof Quantity>;
