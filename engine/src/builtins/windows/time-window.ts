// `#window.time(t)`: a sliding window of the events of the last t ms (by event timestamp). An
// event expires, stamped with the current time, once `timestamp + t <= now`, before the event
// being processed; a timer at `timestamp + t` is set whenever the timestamp increases.

import type { EventChunk, StreamEvent } from '../../runtime/event/event.js';
import { EventQueue } from '../../runtime/window/event-queue.js';
import {
  BaseWindow,
  eventsFromData,
  eventsToData,
  type WindowContext,
  type WindowImplementation,
  type WindowSnapshot,
} from '../../runtime/window/window.js';
import { numberArgument } from './window-arguments.js';

/** A sliding window over the last `duration` ms (see `timeWindow`). */
export class TimeWindow extends BaseWindow {
  readonly #held = new EventQueue();
  #lastScheduled = -Infinity;

  constructor(
    private readonly duration: number,
    private readonly ctx: WindowContext,
  ) {
    super();
  }

  process(chunk: EventChunk): void {
    const out: StreamEvent[] = [];
    for (const event of chunk) {
      const now = this.ctx.clock.now();
      this.#expire(now, out);
      if (event.type !== 'current') continue;
      // events are immutable: the window holds and forwards the incoming one
      this.#held.push(event);
      out.push(event);
      if (this.#lastScheduled < event.timestamp) {
        this.#lastScheduled = event.timestamp;
        this.ctx.scheduleTimer(event.timestamp + this.duration);
      }
    }
    this.emit(out);
  }

  #expire(now: number, out: StreamEvent[]): void {
    const held = this.#held;
    const duration = this.duration;
    for (let e = held.first(); e !== undefined; e = held.first()) {
      if (e.timestamp + duration > now) break;
      out.push({ timestamp: now, type: 'expired', data: e.data });
      held.shift();
    }
  }

  override stop(): void {
    this.#lastScheduled = -Infinity;
  }

  override start(): void {
    // after a stop or a restore: one timer per increasing timestamp still held
    if (this.#lastScheduled !== -Infinity) return;
    for (const e of this.#held.toArray()) {
      if (this.#lastScheduled < e.timestamp) {
        this.#lastScheduled = e.timestamp;
        this.ctx.scheduleTimer(e.timestamp + this.duration);
      }
    }
  }

  contents(): readonly StreamEvent[] {
    return this.#held.toArray();
  }

  snapshot(): WindowSnapshot {
    return { held: eventsToData(this.#held.toArray()) };
  }

  restore(state: WindowSnapshot): void {
    this.#held.reset(eventsFromData(state.held));
    this.#lastScheduled = -Infinity;
    this.start();
  }
}

/**
 * `time(t)`.
 * @example
 * from S#window.time(1 min) select avg(price) as p insert all events into Out;
 */
export const timeWindow: WindowImplementation = {
  namespace: '',
  name: 'time',
  create: (args, ctx) => new TimeWindow(numberArgument(args, 0, 'window.time'), ctx),
};
