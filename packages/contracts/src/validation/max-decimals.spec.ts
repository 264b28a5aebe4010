import { hasAtMostDecimals } from './max-decimals';

describe('hasAtMostDecimals', () => {
  it.each([0, 1, 0.07, 0.1, 29.99, 19.9, 999_999.99, 1_000_000, 0.01])('accepts %p with 2 decimals', (value) => {
    expect(hasAtMostDecimals(value, 2)).toBe(true);
  });

  it.each([29.999, 0.001, 0.1 + 0.2, 1.005, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p with 2 decimals', (value) => {
    expect(hasAtMostDecimals(value, 2)).toBe(false);
  });

  it('accepts sums a producer rounds to cents', () => {
    expect(hasAtMostDecimals(Math.round((0.1 + 0.2) * 100) / 100, 2)).toBe(true);
  });
});
