/** One reason a value breaks its contract. */
export interface ContractViolation {
  /** JSON Pointer to the offending field itself, e.g. `/items/0/price`; `/` is the whole value. */
  path: string;
  /** What is wrong, e.g. `must be >= 1`, `is required`. */
  message: string;
}

/** Outcome of a validation: the typed value, or every violation found (not just the first). */
export type ValidationResult<T> = { ok: true; value: T } | { ok: false; violations: ContractViolation[] };
