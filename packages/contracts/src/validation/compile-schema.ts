import type { Static, TSchema } from '@sinclair/typebox';
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { ContractValidationError } from './contract-validation-error';
import type { ValidationResult } from './contract-violation';
import { dateTimeFormat } from './date-time-format';
import { maxDecimalsKeyword } from './max-decimals';
import { toViolations } from './to-violations';

// TypeBox 0.34 emits draft-07 compatible schemas, which is Ajv's default dialect. `allErrors`
// so a producer sees every problem at once; no defaults or coercion, validation never mutates.
const ajv = new Ajv({ allErrors: true, useDefaults: false, coerceTypes: false });
addFormats(ajv);
// Every event carries a timestamp: ajv-formats' check of it cost more than the rest of an event.
ajv.addFormat('date-time', dateTimeFormat);
ajv.addKeyword(maxDecimalsKeyword);

/** A reusable validator for one schema. */
export type Validator<T> = (data: unknown) => ValidationResult<T>;

// Compiling is the expensive part (code generation); each schema object is compiled once, and
// its validator made once with it (validation runs for every message).
const validators = new WeakMap<TSchema, Validator<unknown>>();

/**
 * Compiles a schema once (cached per schema object) into a validator returning all violations.
 * `subject` (a function, so a caller on the hot path builds no name it will not need) names the
 * schema in the error a schema that does not compile throws.
 */
export function compileSchema<T extends TSchema>(schema: T, subject?: string | (() => string)): Validator<Static<T>> {
  let validator = validators.get(schema);
  if (validator === undefined) {
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      // A broken schema is a bug in the contract, not in the data: say which one.
      const name = (typeof subject === 'function' ? subject() : subject) ?? schema.title ?? 'schema';
      throw new Error(`Cannot compile the schema of ${name}: ${(error as Error).message}`, { cause: error });
    }
    validator = (data) => (validate(data) ? { ok: true, value: data } : { ok: false, violations: toViolations(validate.errors) });
    validators.set(schema, validator);
  }
  return validator as Validator<Static<T>>;
}

/** Validates a value against any schema, e.g. an HTTP body against CreateOrderRequest. */
export function validateSchema<T extends TSchema>(schema: T, data: unknown, subject?: string): ValidationResult<Static<T>> {
  return compileSchema(schema, subject)(data);
}

/** Returns the value typed when it matches the schema, throws ContractValidationError otherwise. */
export function assertSchema<T extends TSchema>(schema: T, data: unknown, subject?: string): Static<T> {
  const result = validateSchema(schema, data, subject);
  if (result.ok) return result.value;
  throw new ContractValidationError(subject ?? schema.title ?? 'schema', result.violations);
}
