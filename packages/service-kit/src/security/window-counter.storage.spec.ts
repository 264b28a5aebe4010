import { WindowCounterStorage } from './window-counter.storage';

describe('WindowCounterStorage', () => {
  let now: number;
  let storage: WindowCounterStorage;
  const TTL = 10_000;
  const hit = (key = 'ip:1', limit = 5, blockDuration = TTL, name = 'default') => storage.increment(key, TTL, limit, blockDuration, name);
  /** Sends `count` requests one millisecond apart; returns how many were let through. */
  async function send(count: number, key = 'ip:1', limit = 5) {
    let allowed = 0;
    for (let i = 0; i < count; i++) {
      if (!(await hit(key, limit)).isBlocked) allowed++;
      now += 1;
    }
    return allowed;
  }

  beforeEach(() => {
    now = 1_000_000;
    storage = new WindowCounterStorage(() => now);
  });

  it('lets a client make `limit` requests, then refuses with the seconds until the block ends', async () => {
    for (let i = 1; i <= 5; i++) expect(await hit()).toEqual({ totalHits: i, timeToExpire: 10, isBlocked: false, timeToBlockExpire: 0 });
    const refused = await hit();
    expect(refused).toMatchObject({ isBlocked: true, totalHits: 6, timeToBlockExpire: 10 });
    now += 4_500;
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 6 });
  });

  it('serves the client again once the block is over', async () => {
    expect(await send(6)).toBe(5);
    now += TTL + 1;
    expect((await hit()).isBlocked).toBe(false);
  });

  it('keeps clients and throttlers apart', async () => {
    expect(await send(6, 'ip:1')).toBe(5);
    expect((await hit('ip:2')).isBlocked).toBe(false);
    expect((await hit('ip:1', 5, TTL, 'burst')).isBlocked).toBe(false);
  });

  it('does not let a client double its budget across a window boundary', async () => {
    // A window opens with the client's first request; four more at its very end, then a burst
    // right after the boundary: a fixed window would let five more through.
    expect(await send(1)).toBe(1);
    now = 1_000_000 + TTL - 10;
    expect(await send(4)).toBe(4);
    now = 1_000_000 + TTL + 1;
    expect(await send(5)).toBe(0);
  });

  it('frees budget as the previous window slides out', async () => {
    expect(await send(5)).toBe(5);
    // Past the block a refusal would set, with no refusal: the next window, 60 % through it.
    now = 1_000_000 + TTL + 6_000;
    // 5 hits × 40 % overlap → 2 still count: 3 more fit.
    expect(await send(10)).toBe(3);
  });

  it('never lets more than `limit` through in any window-long span under a steady flood', async () => {
    const limit = 50;
    const times: number[] = [];
    for (let t = 0; t < 5 * TTL; t += 37) {
      now = 1_000_000 + t;
      if (!(await hit('ip:flood', limit)).isBlocked) times.push(now);
    }
    expect(times.length).toBeGreaterThan(limit);
    for (let i = 0; i + limit < times.length; i++) expect(times[i + limit] - times[i]).toBeGreaterThanOrEqual(TTL);
  });

  it('forgets idle clients after two windows', async () => {
    await hit('ip:1');
    await hit('ip:2');
    expect(storage.size).toBe(2);
    now += 2 * TTL;
    await hit('ip:3');
    expect(storage.size).toBe(1);
  });
});
