/**
 * The seeded catalogue (documented in the README). PROD123 is the README's product, stocked deep
 * enough for benchmarks and the fault-injection run; PROD000 is sold out, to show the
 * insufficient-stock path.
 */
export const CATALOGUE = [
  { product_id: 'PROD123', name: 'Demo T-shirt', available: 10_000_000 },
  { product_id: 'PROD456', name: 'Coffee mug', available: 500 },
  { product_id: 'PROD789', name: 'Limited poster', available: 5 },
  { product_id: 'PROD000', name: 'Sold-out sneakers', available: 0 },
] as const;
