// The window of a join input written without one (`from S join T …`): it holds nothing, so the
// other side never finds its events; each event passes as current, then (when expired events
// are wanted) as expired, then a reset — Siddhi's `lengthBatch(0)`, which it uses there.

import type { EventChunk, StreamEvent } from '../event/event.js';
import type { Clock } from '../time/time-service.js';
import { BaseWindow, resetEvent, withType, type WindowSnapshot } from '../window/window.js';

const NOTHING: readonly StreamEvent[] = [];

/**
 * A window holding no events.
 * @example
 * const w = new PassThroughWindow(clock, true); w.next = joinSide;
 * w.process([e]); // joinSide gets [current e, expired e, reset]
 */
export class PassThroughWindow extends BaseWindow {
  constructor(
    private readonly clock: Clock,
    private readonly expiredEventsWanted: boolean,
  ) {
    super();
  }

  process(chunk: EventChunk): void {
    const out: StreamEvent[] = [];
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      const now = this.clock.now();
      out.push(event);
      if (this.expiredEventsWanted) out.push(withType(event, 'expired', now));
      out.push(resetEvent(now));
    }
    this.emit(out);
  }

  contents(): readonly StreamEvent[] {
    return NOTHING;
  }

  snapshot(): WindowSnapshot {
    return {};
  }

  restore(): void {
    // holds nothing
  }
}
