/**
 * The README's demo scenarios as order bodies, for the flow console's buttons and `npm run demo`
 * (plain data: the same orders wherever a person tries the flow).
 * Customer-id prefixes pick the carrier's behaviour from CARRIER_SCHEDULE (`FLAKY*` fails twice,
 * `DOWN*` always).
 */
export const SCENARIOS = {
  'happy-path': { title: 'Happy path', customerPrefix: 'CUST', productId: 'PROD123', quantity: 1, price: 29.99, expect: 'shipped' },
  declined: { title: 'Declined', customerPrefix: 'CUST', productId: 'PROD123', quantity: 1, price: 1500, expect: 'payment_failed' },
  'sold-out': { title: 'Sold out', customerPrefix: 'CUST', productId: 'PROD000', quantity: 1, price: 89, expect: 'cancelled (out_of_stock)' },
  'limited-stock': { title: 'Limited stock', customerPrefix: 'CUST', productId: 'PROD789', quantity: 2, price: 15, expect: 'shipped while the 5 posters last, then cancelled (out_of_stock)' },
  'flaky-carrier': { title: 'Flaky carrier', customerPrefix: 'FLAKY', productId: 'PROD123', quantity: 1, price: 29.99, expect: 'shipped after 2 failed attempts' },
  'carrier-down': { title: 'Carrier down', customerPrefix: 'DOWN', productId: 'PROD123', quantity: 1, price: 29.99, expect: 'shipping_failed, in shipping.service.final.dlq until replayed' },
  'customer-cancel': { title: 'Customer cancel', customerPrefix: 'CUST', productId: 'PROD456', quantity: 1, price: 12.5, expect: 'cancelled (customer_request) or shipped if the carrier won', cancel: true },
} as const;

export type ScenarioName = keyof typeof SCENARIOS;

export function isScenario(name: string): name is ScenarioName {
  return Object.prototype.hasOwnProperty.call(SCENARIOS, name);
}

/** The POST /orders body of a scenario; a fresh customer id each time so runs are told apart. */
export function scenarioBody(name: ScenarioName, suffix: string) {
  const scenario = SCENARIOS[name];
  const customerId = `${scenario.customerPrefix}-${suffix}`;
  return {
    customerId,
    customerEmail: `${customerId.toLowerCase()}@example.com`,
    items: [{ productId: scenario.productId, quantity: scenario.quantity, price: scenario.price }],
    totalAmount: Math.round(scenario.quantity * scenario.price * 100) / 100,
  };
}
