import { isScenario, scenarioBody, SCENARIOS } from './scenarios';

describe('demo scenarios', () => {
  it('build a valid order body for each scenario, with the customer prefix the carrier schedule reads', () => {
    expect(Object.keys(SCENARIOS)).toEqual(['happy-path', 'declined', 'sold-out', 'limited-stock', 'flaky-carrier', 'carrier-down', 'customer-cancel']);
    expect(scenarioBody('carrier-down', 'X1')).toEqual({
      customerId: 'DOWN-X1',
      customerEmail: 'down-x1@example.com',
      items: [{ productId: 'PROD123', quantity: 1, price: 29.99 }],
      totalAmount: 29.99,
    });
    expect(scenarioBody('declined', 'a').totalAmount).toBeGreaterThan(1000);
    expect(isScenario('nope')).toBe(false);
  });
});
