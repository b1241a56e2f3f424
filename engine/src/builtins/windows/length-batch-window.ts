// `#window.lengthBatch(n[, stream.current.event])`: tumbling batches of n events. A full batch
// is emitted as one chunk: the previous batch as expired, a reset, then the new batch. With
// `stream.current.event = true` events pass at once and the batch expires when event n+1 comes.

import type { EventChunk, StreamEvent } from '../../runtime/event/event.js';
import type { Clock } from '../../runtime/time/time-service.js';
import {
  BaseWindow,
  eventsFromData,
  eventsToData,
  resetEvent,
  type WindowImplementation,
  type WindowSnapshot,
} from '../../runtime/window/window.js';
import { boolArgument, numberArgument } from './window-arguments.js';

/** Appends `events` as expired events stamped `now`. */
export function pushExpired(out: StreamEvent[], events: readonly StreamEvent[], now: number): void {
  for (const e of events) out.push({ timestamp: now, type: 'expired', data: e.data });
}

/** Tumbling batches of `length` events (see `lengthBatchWindow`). */
export class LengthBatchWindow extends BaseWindow {
  /** Events of the batch being collected. */
  #collecting: StreamEvent[] = [];
  /** The last emitted batch: it expires with the next one. */
  #emitted: StreamEvent[] = [];

  constructor(
    private readonly length: number,
    private readonly streamCurrent: boolean,
    private readonly clock: Clock,
  ) {
    super();
  }

  process(chunk: EventChunk): void {
    const now = this.clock.now();
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      // events are immutable: the window holds and forwards the incoming one
      const copy = event;
      if (this.length === 0) {
        this.emit([copy, { timestamp: now, type: 'expired', data: copy.data }, resetEvent(now)]);
      } else if (this.streamCurrent) {
        this.#streamEvent(copy, now);
      } else {
        this.#collecting.push(copy);
        if (this.#collecting.length >= this.length) this.#flush(now);
      }
    }
  }

  #streamEvent(event: StreamEvent, now: number): void {
    if (this.#collecting.length < this.length) {
      this.#collecting.push(event);
      this.emit([event]);
      return;
    }
    const out: StreamEvent[] = [];
    pushExpired(out, this.#collecting, now);
    out.push(resetEvent(now), event);
    this.#collecting = [event];
    this.emit(out);
  }

  #flush(now: number): void {
    const out: StreamEvent[] = [];
    pushExpired(out, this.#emitted, now);
    const batch = this.#collecting;
    const first = batch[0];
    if (first !== undefined) out.push(resetEvent(first.timestamp));
    out.push(...batch);
    this.#emitted = batch;
    this.#collecting = [];
    this.emit(out);
  }

  contents(): readonly StreamEvent[] {
    return this.streamCurrent ? this.#collecting : this.#emitted;
  }

  snapshot(): WindowSnapshot {
    return { collecting: eventsToData(this.#collecting), emitted: eventsToData(this.#emitted) };
  }

  restore(state: WindowSnapshot): void {
    this.#collecting = eventsFromData(state.collecting);
    this.#emitted = eventsFromData(state.emitted);
  }
}

/**
 * `lengthBatch(n[, stream.current.event])`.
 * @example
 * from S#window.lengthBatch(4) select sum(price) as total insert into Out;
 */
export const lengthBatchWindow: WindowImplementation = {
  namespace: '',
  name: 'lengthBatch',
  create: (args, ctx) =>
    new LengthBatchWindow(
      numberArgument(args, 0, 'window.length'),
      boolArgument(args, 1, 'stream.current.event', false),
      ctx.clock,
    ),
};
