// Wall-clock time: `Date.now()` and one Node timer armed for the earliest pending task. The
// armed timer keeps the process alive while tasks are pending; `shutdown()` cancels them all.

import { TimerQueue } from './timer-queue.js';
import {
  NO_TIMER,
  type CancelTimer,
  type TimeService,
  type TimerErrorHandler,
  type TimerTask,
} from './time-service.js';

/** setTimeout's longest delay; longer waits re-arm on wake. */
const MAX_DELAY = 2_147_483_647;

export interface SystemTimeServiceOptions {
  /** Task errors go here (default: `console.error`); a throwing task never stops the others. */
  onError?: TimerErrorHandler;
}

function logError(error: unknown, at: number): void {
  console.error(`timer task scheduled at ${new Date(at).toISOString()} failed:`, error);
}

/** The production time service. */
export class SystemTimeService implements TimeService {
  readonly #queue = new TimerQueue();
  readonly #onError: TimerErrorHandler;
  #handle: NodeJS.Timeout | undefined;
  #armedAt = Number.POSITIVE_INFINITY;
  #firing = false;
  #shutdown = false;

  constructor(options: SystemTimeServiceOptions = {}) {
    this.#onError = options.onError ?? logError;
  }

  now(): number {
    return Date.now();
  }

  schedule(at: number, task: TimerTask): CancelTimer {
    if (this.#shutdown) return NO_TIMER;
    const entry = this.#queue.push(at, task);
    if (!this.#firing && at < this.#armedAt) this.#arm();
    return () => {
      if (!entry.live) return;
      this.#queue.cancel(entry);
      if (this.#queue.size === 0 && !this.#firing) this.#disarm();
    };
  }

  /** How many tasks are waiting. */
  pending(): number {
    return this.#queue.size;
  }

  shutdown(): void {
    this.#shutdown = true;
    this.#queue.clear();
    this.#disarm();
  }

  readonly #wake = (): void => {
    this.#handle = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
    this.#firing = true;
    try {
      for (;;) {
        const entry = this.#queue.popDue(Date.now());
        if (entry === undefined) break;
        try {
          entry.task(entry.at);
        } catch (error) {
          this.#onError(error, entry.at);
        }
      }
    } finally {
      this.#firing = false;
    }
    if (!this.#shutdown) this.#arm();
  };

  #arm(): void {
    const next = this.#queue.peekTime();
    if (next === undefined) {
      this.#disarm();
      return;
    }
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    this.#armedAt = next;
    const delay = Math.min(Math.max(next - Date.now(), 0), MAX_DELAY);
    this.#handle = setTimeout(this.#wake, delay);
  }

  #disarm(): void {
    if (this.#handle !== undefined) clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#armedAt = Number.POSITIVE_INFINITY;
  }
}
