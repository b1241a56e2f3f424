// A manually advanced clock for tests and the conformance runner: `advanceTo`/`advanceBy` fire
// every due timer in time order (ties in scheduling order) with `now()` at the timer's time.

import { fireDue, type ManualTime } from './fire-due.js';
import { TimerQueue } from './timer-queue.js';
import {
  NO_TIMER,
  type CancelTimer,
  type TimeService,
  type TimerErrorHandler,
  type TimerTask,
} from './time-service.js';

export interface VirtualClockOptions {
  /** Task errors go here; without it the first error is rethrown when the advance completes. */
  onError?: TimerErrorHandler;
}

/**
 * Time stands still until advanced. Timers added while firing also fire if due; a timer
 * scheduled at or before `now()` fires at the next advance (`advanceBy(0)` included).
 */
export class VirtualClock implements TimeService {
  readonly #time: ManualTime;
  readonly #queue = new TimerQueue();
  readonly #onError: TimerErrorHandler | undefined;
  #shutdown = false;

  constructor(startTime = 0, options: VirtualClockOptions = {}) {
    this.#time = { now: startTime, target: startTime, firing: false };
    this.#onError = options.onError;
  }

  now(): number {
    return this.#time.now;
  }

  schedule(at: number, task: TimerTask): CancelTimer {
    if (this.#shutdown) return NO_TIMER;
    const queue = this.#queue;
    const entry = queue.push(at, task);
    return () => {
      queue.cancel(entry);
    };
  }

  /** Moves time to `time` (not back), firing every timer due on the way. */
  advanceTo(time: number): void {
    if (time < this.#time.now && !this.#time.firing) {
      throw new RangeError(
        `cannot move a virtual clock back from ${String(this.#time.now)} to ${String(time)}`,
      );
    }
    fireDue(this.#time, this.#queue, time, true, this.#onError);
  }

  /** Moves time forward by `ms` (at least 0), firing every timer due on the way. */
  advanceBy(ms: number): void {
    if (ms < 0) throw new RangeError(`cannot advance a virtual clock by ${String(ms)} ms`);
    this.advanceTo(this.#time.now + ms);
  }

  /** How many timers are waiting. */
  pending(): number {
    return this.#queue.size;
  }

  /** The time of the earliest waiting timer, if any. */
  nextTimerTime(): number | undefined {
    return this.#queue.peekTime();
  }

  shutdown(): void {
    this.#shutdown = true;
    this.#queue.clear();
  }
}
