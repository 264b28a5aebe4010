import type { ContractViolation } from './contract-violation';

/** Thrown by the assert helpers when a value breaks its contract. */
export class ContractValidationError extends Error {
  override readonly name = 'ContractValidationError';

  constructor(
    /** Routing key or schema name the value was checked against. */
    readonly subject: string,
    readonly violations: ContractViolation[],
    /** Schema version, when the subject is an event. */
    readonly version?: number,
  ) {
    const label = version === undefined ? subject : `${subject} v${version}`;
    super(`${label} violates its contract: ${violations.map((v) => `${v.path} ${v.message}`).join('; ')}`);
  }
}
