// `#window.length(n)`: a sliding window of the last n events. Once full, the oldest event
// expires (stamped with the current time) just before the event that pushes it out.

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
import type { Clock } from '../../runtime/time/time-service.js';
import { numberArgument } from './window-arguments.js';

/** A sliding window over the last `length` events (see `lengthWindow`). */
export class LengthWindow extends BaseWindow {
  #held: StreamEvent[] = [];

  constructor(
    private readonly length: number,
    private readonly clock: Clock,
  ) {
    super();
  }

  process(chunk: EventChunk): void {
    const out: StreamEvent[] = [];
    const now = this.clock.now();
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      if (this.length === 0) {
        // length(0): the event passes and expires at once, then clears the aggregates
        out.push({ timestamp: event.timestamp, type: 'current', data: event.data });
        out.push({ timestamp: now, type: 'expired', data: event.data });
        out.push(resetEvent(now));
        continue;
      }
      if (this.#held.length >= this.length) {
        const oldest = this.#held.shift();
        if (oldest !== undefined) out.push({ timestamp: now, type: 'expired', data: oldest.data });
      }
      // events are immutable: the window holds and forwards the incoming one
      this.#held.push(event);
      out.push(event);
    }
    this.emit(out);
  }

  contents(): readonly StreamEvent[] {
    return this.#held;
  }

  snapshot(): WindowSnapshot {
    return { held: eventsToData(this.#held) };
  }

  restore(state: WindowSnapshot): void {
    this.#held = eventsFromData(state.held);
  }
}

/**
 * `length(n)`.
 * @example
 * from S#window.length(5) select avg(price) as p insert into Out;
 */
export const lengthWindow: WindowImplementation = {
  namespace: '',
  name: 'length',
  create: (args, ctx: WindowContext) =>
    new LengthWindow(numberArgument(args, 0, 'window.length'), ctx.clock),
};
