// The output rate limiter contract (the step between a query's selector and its output), the
// pass-through limiter, and the periodic tick shared by the time-driven limiters.

import type { StreamEvent } from '../../event/event.js';
import type { CancelTimer, Clock, Scheduler } from '../../time/index.js';

/** Receives each chunk a limiter releases, in order (from `process` or from a timer). */
export type EmitChunk = (chunk: StreamEvent[]) => void;

/** The time a limiter needs: `now()` and absolute-time scheduling (a TimeService or VirtualClock). */
export type LimiterTime = Clock & Scheduler;

/**
 * Takes the selector's output chunks and releases them through its `emit` callback, now or at
 * a later tick. `start()` arms timers, `stop()` cancels them all.
 */
export interface OutputRateLimiter {
  /** `groupKeys[i]` is the group key of `events[i]` (ignored without group by). Never keeps the arrays. */
  process(events: readonly StreamEvent[], groupKeys: readonly string[]): void;
  start(): void;
  stop(): void;
  /** Plain, JSON-able data (when the event values are). */
  snapshot(): unknown;
  restore(snapshot: unknown): void;
}

/** No `output` clause: every chunk is released at once. */
export class PassThroughRateLimiter implements OutputRateLimiter {
  constructor(private readonly emit: EmitChunk) {}

  process(events: readonly StreamEvent[]): void {
    if (events.length > 0) this.emit(events.slice());
  }

  start(): void {
    // no timers
  }

  stop(): void {
    // no timers
  }

  snapshot(): unknown {
    return null;
  }

  restore(): void {
    // stateless
  }
}

/**
 * A tick every `interval` ms from `start()` (first at now + interval). `onTick` runs at each
 * due tick; `due(ts)` lets an event stamped at or after the next tick flush it first.
 */
export class PeriodicTick {
  /** The time of the next tick (0 before start). */
  scheduledTime = 0;
  private cancel: CancelTimer | undefined;

  constructor(
    private readonly time: LimiterTime,
    private readonly interval: number,
    private readonly onTick: () => void,
  ) {
    if (!(interval > 0))
      throw new RangeError(`output rate interval must be positive, got ${String(interval)}`);
  }

  start(): void {
    this.stop();
    this.scheduledTime = this.time.now() + this.interval;
    this.arm();
  }

  stop(): void {
    this.cancel?.();
    this.cancel = undefined;
  }

  get running(): boolean {
    return this.cancel !== undefined;
  }

  /** Flushes when `timestamp` has reached the next tick (Siddhi's snapshot limiters do this). */
  due(timestamp: number): void {
    if (timestamp >= this.scheduledTime && this.scheduledTime > 0) this.fire();
  }

  /** Sets the next tick (after a restore) and re-arms the timer when running. */
  restoreTo(scheduledTime: number): void {
    if (!(scheduledTime > 0)) return;
    this.scheduledTime = scheduledTime;
    if (this.running) {
      this.stop();
      this.arm();
    }
  }

  private arm(): void {
    this.cancel = this.time.schedule(this.scheduledTime, (at) => {
      if (at >= this.scheduledTime) this.fire();
    });
  }

  private fire(): void {
    const running = this.running;
    this.stop();
    this.scheduledTime += this.interval;
    this.onTick();
    if (running) this.arm();
  }
}

/** A copy of an event for snapshots (the data array is copied). */
export function copyEvent(event: StreamEvent): StreamEvent {
  return { timestamp: event.timestamp, type: event.type, data: event.data.slice() };
}

/** Reads back events written by `copyEvent`-style snapshots. */
export function readEvents(value: unknown): StreamEvent[] {
  if (!Array.isArray(value)) return [];
  return (value as StreamEvent[]).map(copyEvent);
}

/** Reads a record snapshot, or an empty one. */
export function readRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A number field of a snapshot record, or `fallback`. */
export function readNumber(record: Record<string, unknown>, key: string, fallback: number): number {
  const value = record[key];
  return typeof value === 'number' ? value : fallback;
}
