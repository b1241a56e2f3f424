// The linked event list of one session, with the cursor semantics of Siddhi's
// `ComplexEventChunk` (`next`, `insertBeforeCurrent`): where a late event lands in a session
// depends on that cursor, and the session window reproduces it.

import type { StreamEvent } from '../../runtime/event/event.js';

/** One held event. */
export interface SessionNode {
  readonly event: StreamEvent;
  next: SessionNode | null;
}

/** The last node of the list starting at `node`. */
function lastOf(node: SessionNode): SessionNode {
  let last = node;
  while (last.next !== null) last = last.next;
  return last;
}

/** A session: its events and its start, end (last timestamp + gap) and alive (end + latency) times. */
export class SessionChunk {
  first: SessionNode | null = null;
  #last: SessionNode | null = null;
  #previousToLastReturned: SessionNode | null = null;
  #lastReturned: SessionNode | null = null;
  start = 0;
  end = 0;
  alive = 0;

  constructor(readonly key: string) {}

  get empty(): boolean {
    return this.first === null;
  }

  setTimes(start: number, end: number, alive: number): void {
    this.start = start;
    this.end = end;
    this.alive = alive;
  }

  /** Appends a node or a list of nodes (shared, as Java's `add`). */
  add(nodes: SessionNode | null): void {
    if (nodes === null) return;
    if (this.first === null || this.#last === null) this.first = nodes;
    else this.#last.next = nodes;
    this.#last = lastOf(nodes);
  }

  hasNext(): boolean {
    if (this.#lastReturned !== null) return this.#lastReturned.next !== null;
    if (this.#previousToLastReturned !== null) return this.#previousToLastReturned.next !== null;
    return this.first !== null;
  }

  next(): void {
    let node: SessionNode | null;
    if (this.#lastReturned !== null) {
      node = this.#lastReturned.next;
      this.#previousToLastReturned = this.#lastReturned;
    } else if (this.#previousToLastReturned !== null) {
      node = this.#previousToLastReturned.next;
    } else {
      node = this.first;
    }
    if (node !== null) this.#lastReturned = node;
  }

  /** Advances the cursor when it can, then inserts `nodes` before it (Siddhi's late-event move). */
  insertAtCursor(nodes: SessionNode): void {
    if (this.hasNext()) this.next();
    const current = this.#lastReturned;
    if (current === null) {
      this.add(nodes);
      return;
    }
    const tail = lastOf(nodes);
    if (this.#previousToLastReturned !== null) this.#previousToLastReturned.next = nodes;
    else this.first = nodes;
    this.#previousToLastReturned = tail;
    tail.next = current;
  }

  clear(): void {
    this.first = null;
    this.#last = null;
    this.#previousToLastReturned = null;
    this.#lastReturned = null;
  }

  /** The events, first to last. */
  events(): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (let n = this.first; n !== null; n = n.next) out.push(n.event);
    return out;
  }
}
