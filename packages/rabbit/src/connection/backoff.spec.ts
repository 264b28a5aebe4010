import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('grows exponentially between half and all of the ceiling', () => {
    expect(backoffDelay(0, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelay(0, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(800);
  });

  it('never exceeds the cap', () => {
    expect(backoffDelay(50, 100, 5_000, () => 1)).toBe(5_000);
  });
});
