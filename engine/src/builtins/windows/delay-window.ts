// `#window.delay(t)`: holds each event and emits it as a current event (stamped with the time
// of release) once t has passed since its timestamp. Nothing ever expires; a join probes the
// events still held.

import type { EventChunk, StreamEvent } from '../../runtime/event/event.js';
import type { CancelTimer, Clock } from '../../runtime/time/time-service.js';
import {
  BaseWindow,
  eventsFromData,
  eventsToData,
  type WindowImplementation,
  type WindowSnapshot,
} from '../../runtime/window/window.js';
import { numberArgument } from './window-arguments.js';

/** The delay window (see `delayWindow`). */
export class DelayWindow extends BaseWindow {
  #held: StreamEvent[] = [];
  #lastTimestamp = -Infinity;

  constructor(
    private readonly delay: number,
    private readonly clock: Clock,
    private readonly scheduleTimer: (at: number) => CancelTimer,
  ) {
    super();
  }

  process(chunk: EventChunk): void {
    const out: StreamEvent[] = [];
    for (const event of chunk) {
      const now = this.clock.now();
      this.#release(now, out);
      if (event.type !== 'current') continue;
      this.#held.push({ timestamp: event.timestamp, type: 'current', data: event.data });
      if (this.#lastTimestamp < event.timestamp) {
        this.scheduleTimer(event.timestamp + this.delay);
        this.#lastTimestamp = event.timestamp;
      }
    }
    this.emit(out);
  }

  /** Moves the held events that are due to `out`, stamped `now`. */
  #release(now: number, out: StreamEvent[]): void {
    const held = this.#held;
    let due = 0;
    while (due < held.length) {
      const event = held[due];
      if (event === undefined || event.timestamp - now + this.delay > 0) break;
      out.push({ timestamp: now, type: 'current', data: event.data });
      due += 1;
    }
    if (due > 0) held.splice(0, due);
  }

  contents(): readonly StreamEvent[] {
    return this.#held;
  }

  snapshot(): WindowSnapshot {
    const last = Number.isFinite(this.#lastTimestamp) ? this.#lastTimestamp : null;
    return { held: eventsToData(this.#held), lastTimestamp: last };
  }

  restore(state: WindowSnapshot): void {
    this.#held = eventsFromData(state.held);
    const last = state.lastTimestamp;
    this.#lastTimestamp = typeof last === 'number' ? last : -Infinity;
    let armed = -Infinity;
    for (const event of this.#held) {
      if (event.timestamp <= armed) continue;
      armed = event.timestamp;
      this.scheduleTimer(armed + this.delay);
    }
  }
}

/**
 * `delay(t)`.
 * @example
 * from Purchase#window.delay(1 hour) join Delivery on … select … insert into Late;
 */
export const delayWindow: WindowImplementation = {
  namespace: '',
  name: 'delay',
  create: (args, ctx) =>
    new DelayWindow(numberArgument(args, 0, 'window.delay'), ctx.clock, (at) =>
      ctx.scheduleTimer(at),
    ),
};
