/**
 * AMQP topic matching: `*` stands for exactly one word, `#` for zero or more words, words being
 * separated by dots. Mirrors what RabbitMQ does so a binding can be checked without a broker.
 */
export function matchesRoutingKey(pattern: string, routingKey: string): boolean {
  const words = pattern.split('.');
  const key = routingKey.split('.');
  // Pairs (pattern position, key position) already known not to match: without this, patterns
  // with several `#` words backtrack exponentially.
  const failed = new Set<number>();
  const match = (p: number, k: number): boolean => {
    if (p === words.length) return k === key.length;
    const state = p * (key.length + 1) + k;
    if (failed.has(state)) return false;
    const word = words[p];
    const matched =
      word === '#'
        ? match(p + 1, k) || (k < key.length && match(p, k + 1))
        : k < key.length && (word === '*' || word === key[k]) && match(p + 1, k + 1);
    if (!matched) failed.add(state);
    return matched;
  };
  return match(0, 0);
}
