// `#window.timeLength(t, n)`: a sliding window bounded by time and count, whichever expires an
// event first. Expired events come before the current event; a timer is set for every event.

import type { EventChunk, StreamEvent } from '../../runtime/event/event.js';
import {
  BaseWindow,
  eventsFromData,
  eventsToData,
  type WindowContext,
  type WindowImplementation,
  type WindowSnapshot,
} from '../../runtime/window/window.js';
import { numberArgument } from './window-arguments.js';

/** A sliding window over at most `length` events of the last `duration` ms. */
export class TimeLengthWindow extends BaseWindow {
  #held: StreamEvent[] = [];
  #armed = false;

  constructor(
    private readonly duration: number,
    private readonly length: number,
    private readonly ctx: WindowContext,
  ) {
    super();
  }

  process(chunk: EventChunk): void {
    const out: StreamEvent[] = [];
    const held = this.#held;
    for (const event of chunk) {
      const now = this.ctx.clock.now();
      let n = 0;
      while (n < held.length) {
        const e = held[n];
        if (e === undefined || e.timestamp + this.duration > now) break;
        out.push({ timestamp: now, type: 'expired', data: e.data });
        n++;
      }
      if (n > 0) held.splice(0, n);
      if (event.type !== 'current') continue;
      const copy: StreamEvent = { timestamp: event.timestamp, type: 'current', data: event.data };
      if (held.length < this.length) {
        held.push(copy);
      } else {
        const oldest = held.shift();
        if (oldest !== undefined) {
          out.push({ timestamp: now, type: 'expired', data: oldest.data });
          held.push(copy);
        }
      }
      out.push(copy);
      this.ctx.scheduleTimer(event.timestamp + this.duration);
      this.#armed = true;
    }
    this.emit(out);
  }

  override start(): void {
    if (this.#armed) return;
    this.#armed = true;
    for (const e of this.#held) this.ctx.scheduleTimer(e.timestamp + this.duration);
  }

  override stop(): void {
    this.#armed = false;
  }

  contents(): readonly StreamEvent[] {
    return this.#held;
  }

  snapshot(): WindowSnapshot {
    return { held: eventsToData(this.#held) };
  }

  restore(state: WindowSnapshot): void {
    this.#held = eventsFromData(state.held);
    this.#armed = false;
    this.start();
  }
}

/**
 * `timeLength(t, n)`.
 * @example
 * from S#window.timeLength(2 sec, 10) select count() as c insert into Out;
 */
export const timeLengthWindow: WindowImplementation = {
  namespace: '',
  name: 'timeLength',
  create: (args, ctx) =>
    new TimeLengthWindow(
      numberArgument(args, 0, 'window.time'),
      numberArgument(args, 1, 'window.length'),
      ctx,
    ),
};
