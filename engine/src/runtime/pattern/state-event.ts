// The context of pattern and sequence queries: one slot per stream state, each holding the
// matched event (count states: a chain of events linked by `next`). Partial matches are these.

import type { ComplexEvent, EventType, StreamEvent } from '../event/event.js';

/** A matched event, copied per partial match so count states can chain their events. */
export interface LinkedEvent extends StreamEvent {
  next: LinkedEvent | null;
}

/** Copies `event` into a fresh chain node. */
export function linkedCopy(event: StreamEvent): LinkedEvent {
  return { timestamp: event.timestamp, type: event.type, data: event.data, next: null };
}

/**
 * A partial (or complete) match: `events[i]` is what stream state `i` matched, or null.
 * `timestamp` is that of the last accepted event (-1 before any).
 */
export class StateEvent implements ComplexEvent {
  timestamp = -1;
  type: EventType = 'current';
  readonly events: (LinkedEvent | null)[];

  constructor(size: number) {
    this.events = new Array<LinkedEvent | null>(size).fill(null);
  }

  /** A copy sharing the matched events (as Siddhi's state event cloner). */
  copy(): StateEvent {
    const copy = new StateEvent(this.events.length);
    for (let i = 0; i < this.events.length; i++) copy.events[i] = this.events[i] ?? null;
    copy.timestamp = this.timestamp;
    copy.type = this.type;
    return copy;
  }

  /** Appends to the chain of slot `position`. */
  addEvent(position: number, event: LinkedEvent): void {
    let node = this.events[position] ?? null;
    if (node === null) {
      this.events[position] = event;
      return;
    }
    while (node.next !== null) node = node.next;
    node.next = event;
  }

  /** Drops the last event of the chain of slot `position`. */
  removeLastEvent(position: number): void {
    const node = this.events[position] ?? null;
    if (node === null) return;
    let n = node;
    while (n.next !== null) {
      if (n.next.next === null) {
        n.next = null;
        return;
      }
      n = n.next;
    }
    this.events[position] = null;
  }
}

/** The number of events chained from `node`. */
export function chainLength(node: LinkedEvent | null): number {
  let count = 0;
  for (let n = node; n !== null; n = n.next) count++;
  return count;
}

/** The `index`-th event of the chain (0-based), or null. */
export function chainAt(node: LinkedEvent | null, index: number): LinkedEvent | null {
  let n = node;
  for (let i = 0; i < index && n !== null; i++) n = n.next;
  return n;
}

/** The event `fromEnd` places before the last one (0 = the last), or null. */
export function chainFromEnd(node: LinkedEvent | null, fromEnd: number): LinkedEvent | null {
  const index = chainLength(node) - 1 - fromEnd;
  return index < 0 ? null : chainAt(node, index);
}
