// Event time for `@app:playback`: event timestamps drive the clock (never back), and with
// `idle.time`/`increment` an idle heartbeat on an underlying (wall) scheduler moves time on.

import type { Annotation, SiddhiApp } from '../../query-api/index.js';
import { fireDue, type ManualTime } from './fire-due.js';
import { requireTimeString } from './time-string.js';
import { TimerQueue } from './timer-queue.js';
import {
  NO_TIMER,
  type CancelTimer,
  type Clock,
  type Scheduler,
  type TimeService,
  type TimerErrorHandler,
  type TimerTask,
} from './time-service.js';

/** `@app:playback(idle.time = '100 millisecond', increment = '2 sec')`, in ms. */
export interface PlaybackConfig {
  /** Wall time without events after which time moves by `increment`; absent: no heartbeat. */
  readonly idleTime?: number;
  readonly increment?: number;
}

export interface PlaybackTimeServiceOptions extends PlaybackConfig {
  /** The wall clock and scheduler the idle heartbeat runs on (a VirtualClock in tests). */
  readonly wall: Clock & Scheduler;
  /** Event time before the first event (Siddhi starts at 0). */
  readonly startTime?: number;
  /** Task errors go here; without it the first error is rethrown from the advancing call. */
  readonly onError?: TimerErrorHandler;
}

/** Reads `@app:playback` from an app; undefined when the app is not a playback app. */
export function readPlaybackConfig(app: SiddhiApp): PlaybackConfig | undefined {
  const a = app.annotations.find((x) => x.name.toLowerCase() === 'playback');
  if (a === undefined) return undefined;
  const idle = elementValue(a, 'idle.time');
  const increment = elementValue(a, 'increment');
  return {
    ...(idle === undefined
      ? {}
      : { idleTime: requireTimeString(idle, "@app:playback 'idle.time'") }),
    ...(increment === undefined
      ? {}
      : { increment: requireTimeString(increment, "@app:playback 'increment'") }),
  };
}

function elementValue(a: Annotation, key: string): string | undefined {
  return a.elements.find((e) => e.key?.toLowerCase() === key)?.value;
}

/**
 * `now()` is the latest event time seen. `onEventTime(ts)` with `ts >= now()` moves time to
 * `ts`, then fires every due timer in time order — as in Siddhi, `now()` is already `ts` while
 * they run and each task gets its own scheduled time — and restarts the idle countdown.
 * An earlier `ts` changes nothing. Timers only fire when time moves.
 */
export class PlaybackTimeService implements TimeService {
  readonly #time: ManualTime;
  readonly #queue = new TimerQueue();
  readonly #wall: Clock & Scheduler;
  readonly #idleTime: number | undefined;
  readonly #increment: number;
  readonly #onError: TimerErrorHandler | undefined;
  #lastWallTime = 0;
  #cancelHeartbeat: CancelTimer | undefined;
  #shutdown = false;

  constructor(options: PlaybackTimeServiceOptions) {
    const start = options.startTime ?? 0;
    this.#time = { now: start, target: start, firing: false };
    this.#wall = options.wall;
    this.#idleTime = options.idleTime;
    this.#increment = options.increment ?? 1000;
    this.#onError = options.onError;
    if (this.#idleTime !== undefined && !(this.#idleTime > 0)) {
      throw new RangeError(`playback idle time must be positive, got ${String(this.#idleTime)}`);
    }
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

  /** Call with each incoming event's timestamp before the event is processed. */
  onEventTime(timestamp: number): void {
    if (this.#shutdown || timestamp < this.#time.now) return;
    try {
      fireDue(this.#time, this.#queue, timestamp, false, this.#onError);
    } finally {
      this.#lastWallTime = this.#wall.now();
      this.#armHeartbeat(this.#idleTime);
    }
  }

  /** How many timers are waiting. */
  pending(): number {
    return this.#queue.size;
  }

  /** True while an idle heartbeat is scheduled on the wall scheduler. */
  heartbeatPending(): boolean {
    return this.#cancelHeartbeat !== undefined;
  }

  shutdown(): void {
    this.#shutdown = true;
    this.#queue.clear();
    this.#cancelHeartbeat?.();
    this.#cancelHeartbeat = undefined;
  }

  #armHeartbeat(delay: number | undefined): void {
    if (this.#shutdown || delay === undefined || this.#cancelHeartbeat !== undefined) return;
    this.#cancelHeartbeat = this.#wall.schedule(this.#wall.now() + delay, this.#heartbeat);
  }

  readonly #heartbeat = (): void => {
    this.#cancelHeartbeat = undefined;
    const idleTime = this.#idleTime;
    if (this.#shutdown || idleTime === undefined) return;
    const idleFor = this.#wall.now() - this.#lastWallTime;
    if (idleFor >= idleTime) this.onEventTime(this.#time.now + this.#increment);
    else this.#armHeartbeat(idleTime - idleFor);
  };
}
