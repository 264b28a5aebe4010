import { currentVersion, isEventName, schemaFor } from '../registry';
import type { EventData, EventName } from '../registry';
import { ContractValidationError } from './contract-validation-error';
import type { ValidationResult } from './contract-violation';
import { compileSchema } from './compile-schema';

/** Validates an event payload against a version of its schema (the current one when omitted). */
export function validateEvent<K extends EventName>(name: K, data: unknown, version?: number): ValidationResult<EventData<K>> {
  if (!isEventName(name)) {
    return { ok: false, violations: [{ path: '/', message: `is not a registered event: ${String(name)}` }] };
  }
  const schema = schemaFor(name, version);
  if (schema === undefined) {
    return { ok: false, violations: [{ path: '/', message: `${name} has no schema version ${String(version)}` }] };
  }
  // Older versions validate too, but their shape is not EventData<K>; callers passing a version know that.
  return compileSchema(schema, () => `${name} v${version ?? currentVersion(name)}`)(data) as ValidationResult<EventData<K>>;
}

/** Returns the payload typed when valid, throws ContractValidationError listing every violation otherwise. */
export function assertEvent<K extends EventName>(name: K, data: unknown, version?: number): EventData<K> {
  const result = validateEvent(name, data, version);
  if (result.ok) return result.value;
  throw new ContractValidationError(name, result.violations, version ?? (isEventName(name) ? currentVersion(name) : undefined));
}
