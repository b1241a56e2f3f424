// A priority queue of timers ordered by (time, scheduling order), with O(1) cancellation by
// marking; cancelled entries are dropped lazily and compacted when they pile up.

import type { TimerTask } from './time-service.js';

/**
 * One scheduled task; `live` turns false once it has run or been cancelled. A cancelled entry
 * drops its task so what the task holds (a purged partition key's window…) is freed at once, not
 * when the entry leaves the heap.
 */
export interface TimerEntry {
  readonly at: number;
  readonly seq: number;
  task: TimerTask;
  live: boolean;
}

const NO_TASK: TimerTask = () => undefined;

function entryAt(heap: readonly TimerEntry[], index: number): TimerEntry {
  const entry = heap[index];
  if (entry === undefined) throw new RangeError(`no timer at heap index ${String(index)}`);
  return entry;
}

function before(a: TimerEntry, b: TimerEntry): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

/** A binary min-heap of timers. */
export class TimerQueue {
  readonly #heap: TimerEntry[] = [];
  #seq = 0;
  #live = 0;

  /** Number of timers that have neither run nor been cancelled. */
  get size(): number {
    return this.#live;
  }

  push(at: number, task: TimerTask): TimerEntry {
    const entry: TimerEntry = { at, seq: this.#seq++, task, live: true };
    this.#heap.push(entry);
    this.#up(this.#heap.length - 1);
    this.#live++;
    return entry;
  }

  cancel(entry: TimerEntry): void {
    if (!entry.live) return;
    entry.live = false;
    entry.task = NO_TASK;
    this.#live--;
    const heap = this.#heap;
    if (heap.length > 64 && heap.length > 2 * this.#live) this.#compact();
  }

  /** The time of the earliest live timer, if any. */
  peekTime(): number | undefined {
    this.#dropCancelledHead();
    return this.#heap[0]?.at;
  }

  /** Removes and returns the earliest live timer due at or before `limit`; it is marked not live. */
  popDue(limit: number): TimerEntry | undefined {
    this.#dropCancelledHead();
    const head = this.#heap[0];
    if (head === undefined || head.at > limit) return undefined;
    this.#removeHead();
    head.live = false;
    this.#live--;
    return head;
  }

  clear(): void {
    for (const e of this.#heap) e.live = false;
    this.#heap.length = 0;
    this.#live = 0;
  }

  #dropCancelledHead(): void {
    const heap = this.#heap;
    while (heap.length > 0 && !entryAt(heap, 0).live) this.#removeHead();
  }

  #removeHead(): void {
    const heap = this.#heap;
    const last = entryAt(heap, heap.length - 1);
    heap.length--;
    if (heap.length > 0) {
      heap[0] = last;
      this.#down(0);
    }
  }

  #compact(): void {
    const kept = this.#heap.filter((e) => e.live);
    this.#heap.length = 0;
    for (const e of kept) this.#heap.push(e);
    for (let i = (this.#heap.length >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  #up(index: number): void {
    const heap = this.#heap;
    const entry = entryAt(heap, index);
    let i = index;
    while (i > 0) {
      const parentIndex = (i - 1) >> 1;
      const parent = entryAt(heap, parentIndex);
      if (!before(entry, parent)) break;
      heap[i] = parent;
      i = parentIndex;
    }
    heap[i] = entry;
  }

  #down(index: number): void {
    const heap = this.#heap;
    const n = heap.length;
    const entry = entryAt(heap, index);
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && before(entryAt(heap, right), entryAt(heap, left))) child = right;
      const c = entryAt(heap, child);
      if (!before(c, entry)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = entry;
  }
}
