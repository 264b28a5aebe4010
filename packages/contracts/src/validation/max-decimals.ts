import type { FuncKeywordDefinition, SchemaValidateFunction } from 'ajv';
import { MaxDecimalsKeyword } from '../fields/money';

/**
 * True when `value` is the double nearest to a number with at most `decimals` decimals: scaled,
 * rounded and scaled back it comes out the same (0.07, 29.99), while 29.999 and float noise like
 * 0.1 + 0.2 do not, and a producer must round those before sending. Division is correctly rounded,
 * so this agrees with a round trip through toFixed, without building a string per value (it runs
 * for every amount of every message).
 */
export function hasAtMostDecimals(value: number, decimals: number): boolean {
  if (Number.isInteger(value)) return true;
  if (!Number.isFinite(value)) return false;
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale === value;
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
