// A circuit breaker on an injected clock: after `failureThreshold` failed calls in a row the
// circuit opens and calls fail fast; after `resetTimeoutMs` it lets `halfOpenCalls` trial
// calls through (half-open): their success closes it, a failure opens it again.

import type { Clock } from '@tributary/engine';

export type CircuitState = 'closed' | 'open' | 'half-open';

/** How the breaker trips and recovers. */
export interface CircuitSettings {
  readonly failureThreshold: number;
  readonly resetTimeoutMs: number;
  readonly halfOpenCalls: number;
}

/**
 * One breaker per sink (per MI endpoint it calls).
 * @example
 * const breaker = new CircuitBreaker({ failureThreshold: 5, resetTimeoutMs: 30_000, halfOpenCalls: 1 }, clock);
 * if (breaker.tryAcquire()) { try { await call(); breaker.succeeded(); } catch { breaker.failed(); } }
 */
export class CircuitBreaker {
  #state: CircuitState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #trials = 0;
  #trialSuccesses = 0;

  constructor(
    private readonly settings: CircuitSettings,
    private readonly clock: Clock,
    /** Told of every state change (for logs). */
    private readonly onChange: (state: CircuitState) => void = () => undefined,
  ) {}

  /** The state now (an open circuit whose reset timeout passed reads as half-open). */
  get state(): CircuitState {
    if (this.#state === 'open' && this.#due()) return 'half-open';
    return this.#state;
  }

  /** Failed calls in a row while closed (the count that opened it, while open). */
  get failures(): number {
    return this.#failures;
  }

  /** Milliseconds until an open circuit lets a trial call through (0 when not open). */
  get retryInMs(): number {
    if (this.#state !== 'open') return 0;
    return Math.max(0, this.#openedAt + this.settings.resetTimeoutMs - this.clock.now());
  }

  #due(): boolean {
    return this.clock.now() >= this.#openedAt + this.settings.resetTimeoutMs;
  }

  #set(state: CircuitState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.onChange(state);
  }

  /** May a call go out now? A true answer must be followed by `succeeded`, `failed` or `released`. */
  tryAcquire(): boolean {
    if (this.#state === 'open') {
      if (!this.#due()) return false;
      this.#trials = 0;
      this.#trialSuccesses = 0;
      this.#set('half-open');
    }
    if (this.#state === 'half-open') {
      if (this.#trials >= this.settings.halfOpenCalls) return false;
      this.#trials += 1;
    }
    return true;
  }

  /** The call got an answer from MI (a rejection counts too: MI is up). */
  succeeded(): void {
    if (this.#state === 'half-open') {
      this.#trialSuccesses += 1;
      if (this.#trialSuccesses >= this.settings.halfOpenCalls) {
        this.#failures = 0;
        this.#set('closed');
      }
      return;
    }
    if (this.#state === 'closed') this.#failures = 0;
  }

  /** The call failed for want of MI (unreachable, timed out, overloaded). */
  failed(): void {
    if (this.#state === 'half-open') {
      this.#open();
      return;
    }
    if (this.#state !== 'closed') return;
    this.#failures += 1;
    if (this.#failures >= this.settings.failureThreshold) this.#open();
  }

  /** The call ended without a verdict (cancelled at shutdown). */
  released(): void {
    if (this.#state === 'half-open') this.#trials = Math.max(0, this.#trials - 1);
  }

  #open(): void {
    this.#openedAt = this.clock.now();
    this.#trials = 0;
    this.#trialSuccesses = 0;
    this.#set('open');
  }
}
