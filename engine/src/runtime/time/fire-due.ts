// The firing loop shared by the manually advanced time services: run every timer due up to a
// target that may rise while firing (re-entrant advances), in time order, reporting errors.

import type { TimerQueue } from './timer-queue.js';
import type { TimerErrorHandler } from './time-service.js';

/** Mutable state of a manually advanced clock. */
export interface ManualTime {
  /** The time `now()` reports. */
  now: number;
  /** How far the current advance goes; raised by re-entrant advances. */
  target: number;
  /** True while the firing loop runs. */
  firing: boolean;
}

/**
 * Advances `time` to at least `target`, firing due timers of `queue`. When `timerTime` is true,
 * `now` equals each timer's time while it runs (never moving back); otherwise it jumps to the
 * target first. Called while firing, it only raises the target for the running loop.
 * Task errors go to `onError`; without one, the first is rethrown once the advance is complete.
 */
export function fireDue(
  time: ManualTime,
  queue: TimerQueue,
  target: number,
  timerTime: boolean,
  onError: TimerErrorHandler | undefined,
): void {
  if (target > time.target) time.target = target;
  if (time.firing) {
    if (!timerTime && time.target > time.now) time.now = time.target;
    return;
  }
  time.firing = true;
  let failed = false;
  let firstError: unknown;
  try {
    if (!timerTime && time.target > time.now) time.now = time.target;
    for (;;) {
      const entry = queue.popDue(time.target);
      if (entry === undefined) break;
      if (timerTime && entry.at > time.now) time.now = entry.at;
      try {
        entry.task(entry.at);
      } catch (error) {
        if (onError !== undefined) onError(error, entry.at);
        else if (!failed) {
          failed = true;
          firstError = error;
        }
      }
    }
    if (time.target > time.now) time.now = time.target;
  } finally {
    time.firing = false;
  }
  if (failed) throw firstError;
}
