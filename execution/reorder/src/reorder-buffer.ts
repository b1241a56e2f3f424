// The K-slack buffer of both reorder processors: events wait, sorted by their timestamp attribute,
// until the greatest timestamp is K past them; K grows with the lateness seen. As in Siddhi, events
// not newer than the greatest wait apart (the oldest sets the lateness) until a newer one arrives.

import type { StreamEvent } from '@tributary/engine';

/** One buffered event with its timestamp attribute and the clock time it arrived. */
export interface Buffered {
  readonly ts: number;
  readonly arrival: number;
  readonly event: StreamEvent;
}

/** The buffer as plain data. */
export interface BufferSnapshot {
  readonly pending: [number, number, number, unknown[]][];
  readonly held: [number, number, number, unknown[]][];
  readonly k: number;
  readonly greatest: number | null;
  readonly lastSent: number | null;
}

/** Inserts after the entries with an equal or smaller timestamp (arrival order for ties). */
function insertSorted(list: Buffered[], item: Buffered): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.ts ?? 0) <= item.ts) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, item);
}

function toData(list: readonly Buffered[]): [number, number, number, unknown[]][] {
  return list.map((b) => [b.ts, b.arrival, b.event.timestamp, [...b.event.data]]);
}

function fromData(data: unknown): Buffered[] {
  if (!Array.isArray(data)) return [];
  return (data as [number, number, number, unknown[]][]).map(
    ([ts, arrival, timestamp, values]) => ({
      ts,
      arrival,
      event: { timestamp, type: 'current', data: [...values] },
    }),
  );
}

/**
 * Orders events by a timestamp attribute with K-slack.
 * @example
 * const b = new ReorderBuffer(); b.add({ ts: 5, arrival: 0, event }, (diff) => diff); // [event]
 */
export class ReorderBuffer {
  /** Events that arrived no later than the greatest timestamp, since it last grew. */
  #pending: Buffered[] = [];
  /** Events waiting for the greatest timestamp to be K past them. */
  #held: Buffered[] = [];
  #k = 0;
  #greatest: number | undefined;
  #lastSent: number | undefined;

  /** The current K (ms of slack). */
  get k(): number {
    return this.#k;
  }

  /** The number of buffered events. */
  get size(): number {
    return this.#pending.length + this.#held.length;
  }

  /** Whether an event at `ts` is later than what was already released. */
  isLate(ts: number): boolean {
    return this.#lastSent !== undefined && ts < this.#lastSent;
  }

  /**
   * Buffers an event; when its timestamp is the greatest so far, K is updated by `nextK` (given
   * the lateness seen and the current K) and the events K behind are released, oldest first.
   */
  add(item: Buffered, nextK: (lateness: number, k: number) => number): StreamEvent[] {
    insertSorted(this.#pending, item);
    if (this.#greatest !== undefined && item.ts <= this.#greatest) return [];
    this.#greatest = item.ts;
    const lateness = item.ts - (this.#pending[0]?.ts ?? item.ts);
    if (lateness > this.#k) this.#k = nextK(lateness, this.#k);
    for (const b of this.#pending) insertSorted(this.#held, b);
    this.#pending = [];
    let released = 0;
    while (released < this.#held.length) {
      const b = this.#held[released];
      if (b === undefined || b.ts + this.#k > this.#greatest) break;
      released++;
    }
    return this.#release(this.#held.splice(0, released));
  }

  /**
   * Releases, in timestamp order, every event buffered for `timeout` ms or more by `now`, with
   * the events not later than them.
   */
  flushOverdue(now: number, timeout: number): StreamEvent[] {
    let cut: number | undefined;
    for (const b of [...this.#pending, ...this.#held]) {
      if (b.arrival + timeout <= now && (cut === undefined || b.ts > cut)) cut = b.ts;
    }
    if (cut === undefined) return [];
    const limit = cut;
    const out: Buffered[] = [];
    const keep = (list: Buffered[]): Buffered[] =>
      list.filter((b) => {
        if (b.ts > limit) return true;
        insertSorted(out, b);
        return false;
      });
    this.#pending = keep(this.#pending);
    this.#held = keep(this.#held);
    return this.#release(out);
  }

  /** The earliest arrival time of a buffered event. */
  oldestArrival(): number | undefined {
    let oldest: number | undefined;
    for (const b of [...this.#pending, ...this.#held]) {
      if (oldest === undefined || b.arrival < oldest) oldest = b.arrival;
    }
    return oldest;
  }

  snapshot(): BufferSnapshot {
    return {
      pending: toData(this.#pending),
      held: toData(this.#held),
      k: this.#k,
      greatest: this.#greatest ?? null,
      lastSent: this.#lastSent ?? null,
    };
  }

  restore(state: unknown): void {
    if (typeof state !== 'object' || state === null) {
      throw new TypeError('reorder: not a snapshot of its buffer');
    }
    const s = state as Partial<Record<keyof BufferSnapshot, unknown>>;
    this.#pending = fromData(s.pending);
    this.#held = fromData(s.held);
    this.#k = typeof s.k === 'number' ? s.k : 0;
    this.#greatest = typeof s.greatest === 'number' ? s.greatest : undefined;
    this.#lastSent = typeof s.lastSent === 'number' ? s.lastSent : undefined;
  }

  #release(items: readonly Buffered[]): StreamEvent[] {
    const last = items[items.length - 1];
    if (last !== undefined) this.#lastSent = last.ts;
    return items.map((b) => b.event);
  }
}
