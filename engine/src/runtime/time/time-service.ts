// The time seams of the runtime: a `Clock` to read time and a `Scheduler` to run a task at an
// absolute time. Everything time-dependent receives them, so tests run on a virtual clock.

/** Reads the current time in ms since the epoch. */
export interface Clock {
  now(): number;
}

/** Runs at the time it was scheduled for; `at` is that scheduled time (not the time it ran). */
export type TimerTask = (at: number) => void;

/** Cancels a scheduled task; idempotent, harmless after the task has run. */
export type CancelTimer = () => void;

/**
 * Runs tasks at absolute times (ms since the epoch), in time order, ties in scheduling order.
 * A task scheduled at or before now runs as soon as the scheduler next gets to run tasks
 * (never synchronously inside `schedule`).
 */
export interface Scheduler {
  schedule(at: number, task: TimerTask): CancelTimer;
}

/** A clock with its scheduler; `shutdown()` cancels every pending task and ignores later ones. */
export interface TimeService extends Clock, Scheduler {
  shutdown(): void;
}

/** What a time service does with an error a task throws. */
export type TimerErrorHandler = (error: unknown, at: number) => void;

/** The cancel function returned once a service has shut down. */
export const NO_TIMER: CancelTimer = () => undefined;
