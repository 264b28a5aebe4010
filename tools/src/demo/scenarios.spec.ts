import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { isScenario, scenarioBody, SCENARIOS } from './scenarios';

/** Everything after the doc comment: the table and its helpers. */
const code = (path: string) => readFileSync(resolve(__dirname, path), 'utf8').replace(/^\/\*\*[\s\S]*?\*\/\n/, '');

describe('demo scenarios', () => {
  it('are the flow console\'s, byte for byte', () => {
    expect(code('./scenarios.ts')).toBe(code('../../../apps/flow-console/src/scenarios/scenarios.ts'));
  });

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
