// The context of a join query: one event from each side, either possibly missing (outer joins,
// reset events). Expressions of the `on` condition and the selector are compiled over it.

import type { ComplexEvent, EventType, StreamEvent } from '../event/event.js';

/** Which input of a join an event comes from. */
export type JoinSlot = 'left' | 'right';

/**
 * A pair of events, one per side; `null` where a side has no event (the missing side of an
 * outer join, or a `reset`). `timestamp` and `type` are those of the triggering event.
 */
export interface JoinEvent extends ComplexEvent {
  left: StreamEvent | null;
  right: StreamEvent | null;
}

/**
 * Makes a join event.
 * @example
 * joinEvent(ts, 'current', leftEvent, null) // a left outer join row without a match
 */
export function joinEvent(
  timestamp: number,
  type: EventType,
  left: StreamEvent | null,
  right: StreamEvent | null,
): JoinEvent {
  return { timestamp, type, left, right };
}

/** The other side. */
export function otherSlot(slot: JoinSlot): JoinSlot {
  return slot === 'left' ? 'right' : 'left';
}
