import type { ErrorObject } from 'ajv';
import type { ContractViolation } from './contract-violation';

/** Turns Ajv errors into violations whose path names the field, with messages a person can act on. */
export function toViolations(errors: readonly ErrorObject[] | null | undefined): ContractViolation[] {
  const seen = new Set<string>();
  const violations: ContractViolation[] = [];
  for (const error of errors ?? []) {
    const violation = toViolation(error);
    const key = `${violation.path}\u0000${violation.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      violations.push(violation);
    }
  }
  return violations;
}

function toViolation(error: ErrorObject): ContractViolation {
  // Ajv reports `required` and `additionalProperties` on the parent object; the reader wants the field.
  if (error.keyword === 'required') {
    return { path: pointer(error.instancePath, String(error.params['missingProperty'])), message: 'is required' };
  }
  if (error.keyword === 'additionalProperties') {
    return {
      path: pointer(error.instancePath, String(error.params['additionalProperty'])),
      message: 'is not allowed (additional property)',
    };
  }
  return { path: pointer(error.instancePath), message: error.message ?? `fails ${error.keyword}` };
}

function pointer(instancePath: string, property?: string): string {
  const path = property === undefined ? instancePath : `${instancePath}/${escapeToken(property)}`;
  return path === '' ? '/' : path;
}

function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
