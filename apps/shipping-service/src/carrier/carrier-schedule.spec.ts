import { behaviourFor, carrierFails, DEFAULT_CARRIER_SCHEDULE, parseCarrierSchedule } from './carrier-schedule';

describe('carrier schedule', () => {
  const rules = parseCarrierSchedule(DEFAULT_CARRIER_SCHEDULE);

  it('parses the default schedule, first match wins', () => {
    expect(behaviourFor(rules, 'FLAKY-1')).toEqual({ mode: 'fail-first', times: 2 });
    expect(behaviourFor(rules, 'DOWN-7')).toEqual({ mode: 'fail-always' });
    expect(behaviourFor(rules, 'CUST123')).toEqual({ mode: 'ok' });
  });

  it('fails the first N calls of an order, then succeeds', () => {
    const flaky = behaviourFor(rules, 'FLAKY-1');
    expect([0, 1, 2, 3].map((failed) => carrierFails(flaky, failed))).toEqual([true, true, false, false]);
    expect(carrierFails({ mode: 'fail-always' }, 100)).toBe(true);
  });

  it('matches exact ids and refuses malformed entries', () => {
    expect(behaviourFor(parseCarrierSchedule('ACME=fail-always'), 'ACME')).toEqual({ mode: 'fail-always' });
    expect(behaviourFor(parseCarrierSchedule('ACME=fail-always'), 'ACME2')).toEqual({ mode: 'ok' });
    expect(() => parseCarrierSchedule('X=sometimes')).toThrow(/mode must be/);
    expect(() => parseCarrierSchedule('nonsense')).toThrow(/PATTERN=MODE/);
  });
});
