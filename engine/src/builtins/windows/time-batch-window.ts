// `#window.timeBatch(t[, start.time][, stream.current.event])`: tumbling batches flushed every t
// ms. The first event sets the first tick (now + t, or aligned to `start.time`); then the timer
// keeps firing every t. A flush is one chunk: the previous batch expired, a reset, the new batch.
// With `stream.current.event = true` events pass at once and a tick only expires them.
// A restore keeps the batch but not the tick schedule: a window that was ticking wakes at once
// and starts a fresh period from then (as the reference does), so a batch persisted just before
// its tick is flushed one period after the restore, together with what arrives meanwhile.

import type { EventChunk, StreamEvent } from '../../runtime/event/event.js';
import {
  BaseWindow,
  eventsFromData,
  eventsToData,
  resetEvent,
  type WindowContext,
  type WindowImplementation,
  type WindowSnapshot,
} from '../../runtime/window/window.js';
import type { WindowArgument } from '../../runtime/window/window.js';
import { numberArgument } from './window-arguments.js';

/** Tumbling batches every `duration` ms (see `timeBatchWindow`). */
export class TimeBatchWindow extends BaseWindow {
  #collecting: StreamEvent[] = [];
  /** The last emitted batch (stream mode: the events passed since the last tick). */
  #emitted: StreamEvent[] = [];
  #resetAt: number | undefined;
  #nextEmit = -1;
  #armed = false;
  /** Restored from a ticking window: re-arm from the clock's now once started. */
  #wake = false;

  constructor(
    private readonly duration: number,
    private readonly startTime: number | undefined,
    private readonly streamCurrent: boolean,
    private readonly ctx: WindowContext,
  ) {
    super();
  }

  process(chunk: EventChunk): void {
    const now = this.ctx.clock.now();
    if (this.#nextEmit === -1) {
      this.#wake = false;
      this.#nextEmit =
        this.startTime === undefined
          ? now + this.duration
          : now + (this.duration - ((now - this.startTime) % this.duration));
      this.#schedule();
    }
    let send = false;
    if (now >= this.#nextEmit) {
      this.#nextEmit += this.duration;
      this.#schedule();
      send = true;
    }
    const out: StreamEvent[] = [];
    const stream: StreamEvent[] = [];
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      const copy: StreamEvent = { timestamp: event.timestamp, type: 'current', data: event.data };
      this.#resetAt ??= event.timestamp;
      if (this.streamCurrent) {
        out.push(copy);
        stream.push(copy);
      } else {
        this.#collecting.push(copy);
      }
    }
    if (this.streamCurrent) {
      // in stream mode the passed events are held (as to-expire) right away
      for (const e of stream) this.#emitted.push(e);
    }
    if (send) {
      for (const e of this.#emitted) out.push({ timestamp: now, type: 'expired', data: e.data });
      this.#emitted = [];
      if (this.#resetAt !== undefined) {
        out.push(resetEvent(this.#resetAt));
        this.#resetAt = undefined;
      }
      if (!this.streamCurrent && this.#collecting.length > 0) {
        for (const e of this.#collecting) out.push(e);
        this.#emitted = this.#collecting;
        this.#collecting = [];
      }
    }
    this.emit(out);
  }

  #schedule(): void {
    this.#armed = true;
    this.ctx.scheduleTimer(this.#nextEmit);
  }

  override start(): void {
    if (this.#armed) return;
    if (this.#nextEmit !== -1) this.#schedule();
    else if (this.#wake) {
      // a timer now: its processing sets the next tick one period ahead
      this.#armed = true;
      this.ctx.scheduleTimer(this.ctx.clock.now());
    }
  }

  override stop(): void {
    this.#armed = false;
  }

  contents(): readonly StreamEvent[] {
    return this.#emitted;
  }

  snapshot(): WindowSnapshot {
    return {
      collecting: eventsToData(this.#collecting),
      emitted: eventsToData(this.#emitted),
      resetAt: this.#resetAt ?? null,
      nextEmit: this.#nextEmit,
    };
  }

  restore(state: WindowSnapshot): void {
    this.#collecting = eventsFromData(state.collecting);
    this.#emitted = eventsFromData(state.emitted);
    const resetAt = state.resetAt;
    this.#resetAt = typeof resetAt === 'number' ? resetAt : undefined;
    const nextEmit = state.nextEmit;
    this.#nextEmit = -1;
    this.#wake = typeof nextEmit === 'number' && nextEmit !== -1;
    this.#armed = false;
    this.start();
  }
}

function create(args: readonly WindowArgument[], ctx: WindowContext): TimeBatchWindow {
  const duration = numberArgument(args, 0, 'window.time', 1);
  let startTime: number | undefined;
  let streamCurrent = false;
  const second = args[1];
  if (second !== undefined) {
    if (second.type === 'bool') streamCurrent = second.value === true;
    else startTime = numberArgument(args, 1, 'start.time', -Infinity);
  }
  if (args[2]?.value === true) streamCurrent = true;
  return new TimeBatchWindow(duration, startTime, streamCurrent, ctx);
}

/**
 * `timeBatch(t[, start.time][, stream.current.event])`.
 * @example
 * from S#window.timeBatch(1 sec) select sum(price) as total insert into Out;
 */
export const timeBatchWindow: WindowImplementation = {
  namespace: '',
  name: 'timeBatch',
  create,
};
