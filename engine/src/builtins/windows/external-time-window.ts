// `#window.externalTime(ts, t)`: a sliding window over an event-time attribute. Held events
// expire, stamped with the newer event's attribute time, when that time reaches `ts + t`. No timers.

import type { EventChunk, StreamEvent } from '../../runtime/event/event.js';
import {
  BaseWindow,
  eventsFromData,
  eventsToData,
  type WindowImplementation,
  type WindowSnapshot,
} from '../../runtime/window/window.js';
import { numberArgument, timestampReader } from './window-arguments.js';

/** A sliding window over the last `duration` ms of attribute time. */
export class ExternalTimeWindow extends BaseWindow {
  #held: StreamEvent[] = [];

  constructor(
    private readonly timeOf: (event: StreamEvent) => number,
    private readonly duration: number,
  ) {
    super();
  }

  process(chunk: EventChunk): void {
    const out: StreamEvent[] = [];
    const held = this.#held;
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      const now = this.timeOf(event);
      let n = 0;
      while (n < held.length) {
        const e = held[n];
        if (e === undefined || this.timeOf(e) + this.duration > now) break;
        out.push({ timestamp: now, type: 'expired', data: e.data });
        n++;
      }
      if (n > 0) held.splice(0, n);
      const copy: StreamEvent = { timestamp: event.timestamp, type: 'current', data: event.data };
      held.push(copy);
      out.push(copy);
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
 * `externalTime(ts, t)`.
 * @example
 * from S#window.externalTime(eventTime, 1 min) select sum(v) as total insert into Out;
 */
export const externalTimeWindow: WindowImplementation = {
  namespace: '',
  name: 'externalTime',
  create: (args) =>
    new ExternalTimeWindow(timestampReader(args, 0), numberArgument(args, 1, 'window.time')),
};
