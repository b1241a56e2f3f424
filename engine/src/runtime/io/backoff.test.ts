import { describe, expect, it } from 'vitest';
import { Backoff, SIDDHI_BACKOFF_DELAYS_MS } from './backoff.js';

describe('Backoff', () => {
  it("follows Siddhi's sequence, then 5 min for good", () => {
    const backoff = new Backoff({ jitter: 0 });
    const delays = Array.from({ length: 11 }, () => backoff.next());
    expect(delays).toEqual([
      5_000, 10_000, 15_000, 30_000, 60_000, 60_000, 120_000, 300_000, 300_000, 300_000, 300_000,
    ]);
    expect(SIDDHI_BACKOFF_DELAYS_MS.at(-1)).toBe(300_000);
  });

  it('starts over after a reset', () => {
    const backoff = new Backoff({ jitter: 0 });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(5_000);
  });

  it('jitters each delay within ±10% using the injected random source', () => {
    expect(new Backoff({ random: () => 0 }).next()).toBe(4_500);
    expect(new Backoff({ random: () => 0.5 }).next()).toBe(5_000);
    expect(new Backoff({ random: () => 0.999_999 }).next()).toBe(5_500);
  });

  it('takes custom delays', () => {
    const backoff = new Backoff({ delays: [1, 2], jitter: 0 });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([1, 2, 2]);
  });
});
