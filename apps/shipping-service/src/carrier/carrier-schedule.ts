/** What the simulated carrier does for a customer: succeed, fail the first N calls, or always fail. */
export type CarrierBehaviour = { mode: 'ok' } | { mode: 'fail-first'; times: number } | { mode: 'fail-always' };

export interface CarrierRule {
  /** A customer id, or a prefix ending in `*` (`*` alone matches everyone). */
  pattern: string;
  behaviour: CarrierBehaviour;
}

/**
 * Default: customers whose id starts with FLAKY fail twice then ship; DOWN always fail; OUTAGE fail
 * four times (past the default 1 + 3 attempts, so they reach the DLQ, and a replay ships them);
 * everyone else ships at once.
 */
export const DEFAULT_CARRIER_SCHEDULE = 'FLAKY*=fail-first:2,DOWN*=fail-always,OUTAGE*=fail-first:4,*=ok';

/** Parses `PATTERN=MODE[,PATTERN=MODE…]`, MODE one of `ok`, `fail-first:N`, `fail-always`. */
export function parseCarrierSchedule(text: string): CarrierRule[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [pattern, mode] = part.split('=').map((s) => s?.trim());
      if (!pattern || !mode) throw new Error(`carrier schedule entry '${part}' is not PATTERN=MODE`);
      return { pattern, behaviour: parseBehaviour(mode, part) };
    });
}

function parseBehaviour(mode: string, entry: string): CarrierBehaviour {
  if (mode === 'ok') return { mode: 'ok' };
  if (mode === 'fail-always') return { mode: 'fail-always' };
  const failFirst = /^fail-first:(\d+)$/.exec(mode);
  if (failFirst) return { mode: 'fail-first', times: Number(failFirst[1]) };
  throw new Error(`carrier schedule entry '${entry}': mode must be ok, fail-first:N or fail-always`);
}

/** The first rule matching the customer; no match means the carrier works. */
export function behaviourFor(rules: readonly CarrierRule[], customerId: string): CarrierBehaviour {
  const rule = rules.find(({ pattern }) =>
    pattern.endsWith('*') ? customerId.startsWith(pattern.slice(0, -1)) : customerId === pattern,
  );
  return rule?.behaviour ?? { mode: 'ok' };
}

/** Whether the carrier fails this call, given how many calls for the order failed before. */
export function carrierFails(behaviour: CarrierBehaviour, failedBefore: number): boolean {
  switch (behaviour.mode) {
    case 'ok':
      return false;
    case 'fail-always':
      return true;
    case 'fail-first':
      return failedBefore < behaviour.times;
  }
}
