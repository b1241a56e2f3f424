// The one reconnect backoff every source and sink shares (Siddhi's BackoffRetryCounter:
// 5 s, 10 s, 15 s, 30 s, 1 min, 1 min, 2 min, then 5 min for good), jittered so that many
// connectors losing one server do not reconnect in lockstep.

/**
 * Siddhi's reconnect delays in ms; the last one repeats forever.
 * @example
 * new Backoff({ delays: SIDDHI_BACKOFF_DELAYS_MS, jitter: 0 }).next(); // 5000
 */
export const SIDDHI_BACKOFF_DELAYS_MS: readonly number[] = [
  5_000, 10_000, 15_000, 30_000, 60_000, 60_000, 120_000, 300_000,
];

/** How connectors back off between connection attempts. */
export interface BackoffOptions {
  /** Delays in ms, the last one repeating (default Siddhi's sequence). */
  readonly delays?: readonly number[];
  /** Relative jitter: each delay is scaled by a random factor in [1 - j, 1 + j] (default 0.1). */
  readonly jitter?: number;
  /** A random number in [0, 1) (default `Math.random`); tests pass a fixed one. */
  readonly random?: () => number;
}

/**
 * A retry counter: `next()` gives the delay before the next attempt, `reset()` starts over
 * (after a successful connect).
 * @example
 * const backoff = new Backoff({ jitter: 0 });
 * backoff.next(); // 5000
 * backoff.next(); // 10000
 * backoff.reset();
 */
export class Backoff {
  readonly #delays: readonly number[];
  readonly #jitter: number;
  readonly #random: () => number;
  #attempt = 0;

  constructor(options: BackoffOptions = {}) {
    const delays = options.delays ?? SIDDHI_BACKOFF_DELAYS_MS;
    this.#delays = delays.length === 0 ? SIDDHI_BACKOFF_DELAYS_MS : delays;
    this.#jitter = Math.min(Math.max(options.jitter ?? 0.1, 0), 1);
    this.#random = options.random ?? Math.random;
  }

  /** Attempts counted since the last reset. */
  get attempts(): number {
    return this.#attempt;
  }

  /** The delay (ms) before the next attempt; advances the counter. */
  next(): number {
    const last = this.#delays.length - 1;
    const base = this.#delays[Math.min(this.#attempt, last)] ?? 0;
    this.#attempt += 1;
    const factor = 1 + this.#jitter * (2 * this.#random() - 1);
    return Math.max(0, Math.round(base * factor));
  }

  reset(): void {
    this.#attempt = 0;
  }
}
