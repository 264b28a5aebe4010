import type { FuncKeywordDefinition, SchemaValidateFunction } from 'ajv';
import { MaxDecimalsKeyword } from '../fields/money';

/**
 * True when `value` is the double nearest to a number with at most `decimals` decimals. The
 * round-trip through toFixed is exact for such values (0.07, 29.99) yet rejects 29.999 and float
 * noise like 0.1 + 0.2, which a producer must round before sending.
 */
export function hasAtMostDecimals(value: number, decimals: number): boolean {
  return Number.isFinite(value) && Number(value.toFixed(decimals)) === value;
}

const validate: SchemaValidateFunction = (decimals: number, value: unknown) => {
  if (typeof value !== 'number' || hasAtMostDecimals(value, decimals)) return true;
  validate.errors = [
    { keyword: MaxDecimalsKeyword, message: `must have at most ${decimals} decimal places`, params: { decimals } },
  ];
  return false;
};

/** Ajv definition of the `x-max-decimals` extension keyword used by money fields. */
export const maxDecimalsKeyword: FuncKeywordDefinition = {
  keyword: MaxDecimalsKeyword,
  type: 'number',
  schemaType: 'number',
  errors: true,
  validate,
};
