// A FIFO of events for sliding windows: O(1) amortised `shift` (a head index; the dead prefix is
// cut off once it is as long as what remains), where `Array#splice(0, n)` on a window holding
// 100,000 events moves all of them on every expiry.

import type { StreamEvent } from '../event/event.js';

/** Put in the slots of shifted events so that the queue does not keep them alive. */
const GONE: StreamEvent = { timestamp: 0, type: 'expired', data: [] };
/** Dead prefixes shorter than this are left for later (cutting costs a copy of the rest). */
const MIN_CUT = 1024;

/**
 * Events oldest first.
 * @example
 * const q = new EventQueue(); q.push(e1); q.push(e2);
 * q.first(); // e1
 * q.shift(); // e1
 * q.toArray(); // [e2]
 */
export class EventQueue {
  #items: StreamEvent[] = [];
  #head = 0;

  /** The number of events held. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** The oldest event, or undefined when empty. */
  first(): StreamEvent | undefined {
    return this.#items[this.#head];
  }

  push(event: StreamEvent): void {
    this.#items.push(event);
  }

  /** Removes and returns the oldest event (undefined when empty). */
  shift(): StreamEvent | undefined {
    const items = this.#items;
    const head = this.#head;
    const event = items[head];
    if (event === undefined) return undefined;
    const next = head + 1;
    if (next === items.length) {
      items.length = 0;
      this.#head = 0;
    } else {
      items[head] = GONE;
      this.#head = next;
      if (next >= MIN_CUT && next * 2 >= items.length) this.#cut();
    }
    return event;
  }

  /**
   * The events oldest first, as an array the caller must neither mutate nor keep across changes
   * of the queue.
   */
  toArray(): readonly StreamEvent[] {
    if (this.#head > 0) this.#cut();
    return this.#items;
  }

  /** Replaces the content by `events` (the array is taken over). */
  reset(events: StreamEvent[]): void {
    this.#items = events;
    this.#head = 0;
  }

  #cut(): void {
    this.#items = this.#items.slice(this.#head);
    this.#head = 0;
  }
}
