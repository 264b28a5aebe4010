/** Exponential backoff with full jitter, capped: the delay before reconnect attempt `attempt` (0-based). */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 20));
  // Jitter spreads the reconnects of many services after a broker restart.
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
