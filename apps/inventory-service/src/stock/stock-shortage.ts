export interface Line {
  productId: string;
  quantity: number;
}

export interface Shortage {
  productId: string;
  requested: number;
  available: number;
}

/**
 * The lines that cannot be served from `available` stock. Lines for the same product are added
 * up first, so an order cannot take more than the shelf holds by splitting a product in two lines.
 */
export function findShortages(lines: readonly Line[], available: ReadonlyMap<string, number>): Shortage[] {
  const requested = new Map<string, number>();
  for (const line of lines) requested.set(line.productId, (requested.get(line.productId) ?? 0) + line.quantity);
  return [...requested]
    .map(([productId, quantity]) => ({ productId, requested: quantity, available: available.get(productId) ?? 0 }))
    .filter((line) => line.requested > line.available);
}

/** The order's lines merged by product, as they are reserved. */
export function mergeLines(lines: readonly Line[]): Line[] {
  const merged = new Map<string, number>();
  for (const line of lines) merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity);
  return [...merged].map(([productId, quantity]) => ({ productId, quantity }));
}
