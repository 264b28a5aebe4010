import { matchesRoutingKey } from './routing-key-match';

describe('matchesRoutingKey', () => {
  it.each([
    ['order.created', 'order.created', true],
    ['order.created', 'order.cancelled', false],
    ['order.created', 'order', false],
    ['order', 'order.created', false],
    ['payment.processed.*', 'payment.processed.successful', true],
    ['payment.processed.*', 'payment.processed.failed', true],
    ['payment.processed.*', 'payment.processed', false],
    ['payment.processed.*', 'payment.processed.failed.late', false],
    ['*.created', 'order.created', true],
    ['*.created', 'shipping.shipment.created', false],
    ['*.*.*', 'a.b.c', true],
    ['*.*.*', 'a.b', false],
    ['#', 'order.created', true],
    ['#', 'order', true],
    ['#', '', true],
    ['payment.#', 'payment', true],
    ['payment.#', 'payment.processed', true],
    ['payment.#', 'payment.processed.failed', true],
    ['payment.#', 'paymentx.processed', false],
    ['#.failed', 'payment.processed.failed', true],
    ['#.failed', 'failed', true],
    ['#.failed', 'shipping.attempt.failed.later', false],
    ['shipping.#.failed', 'shipping.failed', true],
    ['shipping.#.failed', 'shipping.attempt.failed', true],
    ['shipping.#.failed', 'shipping.a.b.failed', true],
    ['shipping.#.failed', 'shipping.attempt.created', false],
    ['#.#', 'a.b.c', true],
    ['*.#', 'a', true],
    ['#.*', 'a.b', true],
    ['a.*.#.c', 'a.b.c', true],
    ['a.*.#.c', 'a.c', false],
    ['a.*.#.c', 'a.b.x.y.c', true],
    // Only whole words match: `*` and `#` are not substring wildcards.
    ['pay*.processed', 'payment.processed', false],
    ['payment.processed.successful', 'payment.processed.successfull', false],
  ])('%s vs %s → %s', (pattern, key, expected) => {
    expect(matchesRoutingKey(pattern, key)).toBe(expected);
  });

  it('stays fast on patterns with many # words', () => {
    const key = Array.from({ length: 40 }, (_, i) => `w${i}`).join('.');
    expect(matchesRoutingKey('#.#.#.#.#.#.#.nomatch', key)).toBe(false);
  });
});
