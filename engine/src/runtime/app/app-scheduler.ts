// An app's view of the scheduler: remembers its pending timers so shutdown cancels them all,
// and catches what a task throws (logged; time keeps flowing for the other timers).

import type { Logger } from './logger.js';
import type {
  CancelTimer,
  Clock,
  Scheduler,
  TimeService,
  TimerTask,
} from '../time/time-service.js';

/**
 * Wraps a shared clock and scheduler for one app.
 * @example
 * const time = new AppScheduler(timeService, consoleLogger);
 * time.schedule(time.now() + 500, tick);
 * time.cancelAll(); // on shutdown
 */
export class AppScheduler implements TimeService {
  readonly #pending = new Set<CancelTimer>();
  #closed = false;

  constructor(
    private readonly time: Clock & Scheduler,
    private readonly logger: Logger,
  ) {}

  now(): number {
    return this.time.now();
  }

  schedule(at: number, task: TimerTask): CancelTimer {
    if (this.#closed) return noop;
    const pending = this.#pending;
    const logger = this.logger;
    const cancelInner = this.time.schedule(at, (when) => {
      pending.delete(cancel);
      try {
        task(when);
      } catch (error) {
        logger.log('error', `error in a timer task at ${String(when)}: ${describe(error)}`, error);
      }
    });
    const cancel: CancelTimer = () => {
      if (pending.delete(cancel)) cancelInner();
    };
    pending.add(cancel);
    return cancel;
  }

  /** Number of timers that have neither run nor been cancelled. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Same as `cancelAll()`: the shared time service itself keeps running. */
  shutdown(): void {
    this.cancelAll();
  }

  /** Cancels every pending timer and ignores later requests. */
  cancelAll(): void {
    this.#closed = true;
    for (const cancel of [...this.#pending]) cancel();
    this.#pending.clear();
  }
}

function noop(): void {
  // already shut down
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
