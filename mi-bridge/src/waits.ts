// The `mi` sink's waits on the app's clock (retry delays, call timeouts), so tests drive them
// with a virtual clock. When the app stops its timers are cancelled: `stop()` then fails the
// delays at once and hands the timeouts still running to real-time timers (of at most a grace
// period), so no publish is left waiting for a timer that will never fire.

import type { Clock, Scheduler } from '@tributary/engine';

/** A delay cut short because the app is stopping. */
export class StoppedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoppedError';
  }
}

interface Deadline {
  readonly at: number;
  readonly fire: () => void;
  cancel: () => void;
}

/**
 * Delays and deadlines of one sink.
 * @example
 * const waits = new Waits(ctx.clock, ctx.scheduler, 'the app is stopping');
 * await waits.delay(500);
 * const clear = waits.deadline(30_000, () => controller.abort(new Error('timed out')));
 * waits.stop(5_000); // at shutdown
 */
export class Waits {
  #stopped = false;
  #graceMs = 0;
  readonly #delays = new Set<(error: StoppedError) => void>();
  readonly #deadlines = new Set<Deadline>();

  constructor(
    private readonly clock: Clock,
    private readonly scheduler: Scheduler,
    private readonly stoppedMessage: string,
  ) {}

  get stopped(): boolean {
    return this.#stopped;
  }

  /** Resolves after `ms` of app time; rejects with `StoppedError` once the app stops. */
  delay(ms: number): Promise<void> {
    if (this.#stopped) return Promise.reject(new StoppedError(this.stoppedMessage));
    return new Promise<void>((resolve, reject) => {
      const fail = (error: StoppedError): void => {
        cancel();
        reject(error);
      };
      const cancel = this.scheduler.schedule(this.clock.now() + ms, () => {
        this.#delays.delete(fail);
        resolve();
      });
      this.#delays.add(fail);
    });
  }

  /** Runs `fire` after `ms` unless the returned function is called first. */
  deadline(ms: number, fire: () => void): () => void {
    const entry: Deadline = { at: this.clock.now() + ms, fire, cancel: () => undefined };
    if (this.#stopped) {
      entry.cancel = this.#realTime(Math.min(ms, this.#graceMs), entry);
    } else {
      entry.cancel = this.scheduler.schedule(entry.at, () => {
        this.#deadlines.delete(entry);
        fire();
      });
    }
    this.#deadlines.add(entry);
    return () => {
      this.#deadlines.delete(entry);
      entry.cancel();
    };
  }

  #realTime(ms: number, entry: Deadline): () => void {
    const timer = setTimeout(() => {
      this.#deadlines.delete(entry);
      entry.fire();
    }, ms);
    timer.unref();
    return () => {
      clearTimeout(timer);
    };
  }

  /**
   * The app is stopping: delays fail now; deadlines move to real-time timers of at most
   * `graceMs` (a call MI never answers must not hold the shutdown for its whole timeout).
   */
  stop(graceMs: number): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#graceMs = graceMs;
    for (const fail of [...this.#delays]) fail(new StoppedError(this.stoppedMessage));
    this.#delays.clear();
    const now = this.clock.now();
    for (const entry of this.#deadlines) {
      entry.cancel();
      entry.cancel = this.#realTime(Math.min(graceMs, Math.max(0, entry.at - now)), entry);
    }
  }
}
