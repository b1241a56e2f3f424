// `#window.time(t)`: a sliding window of the events of the last t ms (by event timestamp). An
// event expires, stamped with the current time, once `timestamp + t <= now`, before the event
// being processed; a timer at `timestamp + t` is set whenever the timestamp increases.
// The held events are kept in columns (timestamps and rows, see `ColumnQueue`): a long-lived
// event object per resident event costs memory and old-generation GC; the expired events are
// created when they expire, and `contents()` builds the held (current) events on demand.

import type { EventChunk, StreamEvent } from '../../runtime/event/event.js';
import { ColumnQueue } from '../../runtime/window/column-queue.js';
import { EventQueue } from '../../runtime/window/event-queue.js';
import {
  BaseWindow,
  eventsFromData,
  type WindowContext,
  type WindowImplementation,
  type WindowSnapshot,
} from '../../runtime/window/window.js';
import { numberArgument } from './window-arguments.js';

/** A sliding window over the last `duration` ms (see `timeWindow`). */
export class TimeWindow extends BaseWindow {
  readonly #held = new ColumnQueue();
  /**
   * The held events as objects, built by `contents()` and from then on kept in step with
   * `#held` (joins read the contents on every probe); undefined until asked for.
   */
  #contents: EventQueue | undefined = undefined;
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
      this.#held.push(event.timestamp, event.data);
      this.#contents?.push(event);
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
    const contents = this.#contents;
    while (held.size > 0 && held.firstTimestamp() + duration <= now) {
      out.push({ timestamp: now, type: 'expired', data: held.rowAt(0) });
      held.shift();
      contents?.shift();
    }
  }

  override stop(): void {
    this.#lastScheduled = -Infinity;
  }

  override start(): void {
    // after a stop or a restore: one timer per increasing timestamp still held
    if (this.#lastScheduled !== -Infinity) return;
    const held = this.#held;
    for (let i = 0; i < held.size; i++) {
      const timestamp = held.timestampAt(i);
      if (this.#lastScheduled < timestamp) {
        this.#lastScheduled = timestamp;
        this.ctx.scheduleTimer(timestamp + this.duration);
      }
    }
  }

  contents(): readonly StreamEvent[] {
    if (this.#contents === undefined) {
      const events = this.#events();
      this.#contents = new EventQueue();
      this.#contents.reset(events);
    }
    return this.#contents.toArray();
  }

  /**
   * The held events in columns: their timestamps and their rows. The rows are shared, not
   * copied (events are immutable), so a snapshot of millions of events costs two arrays.
   */
  snapshot(): WindowSnapshot {
    return this.#held.columns();
  }

  restore(state: WindowSnapshot): void {
    const held = this.#held;
    const { timestamps, rows } = state;
    if (
      (timestamps instanceof Float64Array || Array.isArray(timestamps)) &&
      Array.isArray(rows) &&
      rows.every(Array.isArray)
    ) {
      held.reset(timestamps as ArrayLike<number>, rows as unknown[][]);
    } else {
      // the earlier layout, `held: [[timestamp, type, data], …]` (the window holds only current events)
      held.clear();
      for (const e of eventsFromData(state.held)) held.push(e.timestamp, e.data);
    }
    this.#contents = undefined;
    this.#lastScheduled = -Infinity;
    this.start();
  }

  /** The held events, oldest first, as new current events. */
  #events(): StreamEvent[] {
    const held = this.#held;
    const events = new Array<StreamEvent>(held.size);
    for (let i = 0; i < events.length; i++) {
      events[i] = { timestamp: held.timestampAt(i), type: 'current', data: held.rowAt(i) };
    }
    return events;
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
