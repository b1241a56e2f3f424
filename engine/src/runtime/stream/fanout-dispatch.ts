// Delivery of a junction's chunks through predicate indexes: the queries of one stream whose
// filters begin with comparisons of the same attribute against constants are grouped; per event
// each group's index is looked up once and only the matching queries get the event (with the
// rest of their filter still to run), interleaved in subscription order with the other receivers.

import type { EventChunk, StreamEvent } from '../event/event.js';
import {
  buildPredicateIndex,
  type IndexConstraint,
  type IndexKeyKind,
  type MatchList,
  type PredicateIndex,
} from './predicate-index.js';

/** A consumer of chunks (the junction's `ChunkReceiver`). */
interface Receiver {
  receive(chunk: EventChunk): void;
}

/** Where deliveries go: the junction, which catches what a receiver throws. */
export interface Deliverer {
  /** Gives `part` (all or some events of `chunk`) to `receiver`; errors are about `chunk`. */
  deliver(receiver: Receiver, part: EventChunk, chunk: EventChunk): void;
}

/**
 * A query input whose filter is `constraints` on `data[attribute]` (all must hold), possibly
 * followed by more conditions that `matched` evaluates itself.
 */
export interface FilteredSubscription {
  readonly attribute: number;
  readonly kind: IndexKeyKind;
  readonly constraints: readonly IndexConstraint[];
  /** Gets chunks of only the events satisfying `constraints`. */
  readonly matched: Receiver;
}

const NONE: MatchList = [];

/** Never used: stands in for an impossible missing receiver. */
const IGNORE: Receiver = {
  receive() {
    // nothing
  },
};

/** Fewer queries than this on one attribute are not worth an index. */
export const MIN_INDEXED_QUERIES = 4;

interface Group {
  readonly attribute: number;
  readonly index: PredicateIndex;
}

/**
 * The dispatch plan of one junction's subscriptions.
 * @example
 * const dispatch = FanoutDispatch.build(receivers, filteredSubscriptions);
 * if (dispatch === undefined || !dispatch.dispatch(chunk, junction)) deliverToAll(chunk);
 */
export class FanoutDispatch {
  /** Scratch of `dispatchMany`, reused while not re-entered. */
  private readonly buckets: (StreamEvent[] | undefined)[];
  private readonly touched: number[] = [];
  private readonly found: MatchList[] = [];
  private busy = false;
  private readonly single: Group | undefined;

  private constructor(
    private readonly receivers: readonly Receiver[],
    private readonly matched: readonly Receiver[],
    /** Positions of the receivers that get every chunk, ascending. */
    private readonly plain: readonly number[],
    private readonly groups: readonly Group[],
  ) {
    this.buckets = new Array<StreamEvent[] | undefined>(receivers.length).fill(undefined);
    this.single = groups.length === 1 ? groups[0] : undefined;
  }

  /**
   * Groups the filtered subscriptions by attribute and comparison kind; groups of at least
   * MIN_INDEXED_QUERIES get an index. Undefined when no group does.
   */
  static build(
    receivers: readonly Receiver[],
    filtered: readonly (FilteredSubscription | undefined)[],
  ): FanoutDispatch | undefined {
    const byKey = new Map<string, number[]>();
    filtered.forEach((f, position) => {
      if (f === undefined) return;
      const key = `${String(f.attribute)}:${f.kind}`;
      const positions = byKey.get(key);
      if (positions === undefined) byKey.set(key, [position]);
      else positions.push(position);
    });
    const groups: Group[] = [];
    const matched: Receiver[] = [...receivers];
    const indexed = new Set<number>();
    for (const positions of byKey.values()) {
      if (positions.length < MIN_INDEXED_QUERIES) continue;
      const first = filtered[positions[0] ?? -1];
      if (first === undefined) continue;
      const index = buildPredicateIndex(
        first.kind,
        positions.map((id) => ({ id, constraints: filtered[id]?.constraints ?? [] })),
      );
      if (index === undefined) continue;
      groups.push({ attribute: first.attribute, index });
      for (const p of positions) {
        indexed.add(p);
        const f = filtered[p];
        if (f !== undefined) matched[p] = f.matched;
      }
    }
    if (groups.length === 0) return undefined;
    const plain = receivers.map((_, i) => i).filter((i) => !indexed.has(i));
    return new FanoutDispatch(receivers, matched, plain, groups);
  }

  /**
   * Delivers `chunk` through `out`; returns false, having delivered nothing, when the chunk
   * must go to every receiver unfiltered instead (an event that is not data, a key value the
   * filters would reject with an error, or a re-entrant send while this one is delivering).
   */
  dispatch(chunk: EventChunk, out: Deliverer): boolean {
    const single = this.single;
    const event = chunk[0];
    if (chunk.length === 1 && single !== undefined && event !== undefined) {
      if (event.type !== 'current' && event.type !== 'expired') return false;
      const list = single.index.match(event.data[single.attribute]);
      if (list === null) return false;
      this.deliverOne(list, chunk, out);
      return true;
    }
    if (this.busy) return false;
    return this.dispatchMany(chunk, out);
  }

  /** Merges the matching positions with the plain ones; every one gets the whole chunk. */
  private deliverOne(list: MatchList, chunk: EventChunk, out: Deliverer): void {
    const matched = this.matched;
    let j = 0;
    for (const id of list) {
      j = this.deliverPlain(j, id, chunk, out);
      out.deliver(matched[id] ?? IGNORE, chunk, chunk);
    }
    this.deliverPlain(j, Infinity, chunk, out);
  }

  /** Gives `chunk` to the plain receivers from the j-th on, up to position `before`. */
  private deliverPlain(from: number, before: number, chunk: EventChunk, out: Deliverer): number {
    const plain = this.plain;
    const receivers = this.receivers;
    let j = from;
    let position = plain[j];
    while (position !== undefined && position < before) {
      out.deliver(receivers[position] ?? IGNORE, chunk, chunk);
      j += 1;
      position = plain[j];
    }
    return j;
  }

  private dispatchMany(chunk: EventChunk, out: Deliverer): boolean {
    const groups = this.groups;
    const found = this.found;
    found.length = 0;
    for (const event of chunk) {
      if (event.type !== 'current' && event.type !== 'expired') return false;
      for (const group of groups) {
        const list = group.index.match(event.data[group.attribute]);
        if (list === null) {
          found.length = 0;
          return false;
        }
        found.push(list);
      }
    }
    const single = chunk.length === 1;
    const buckets = this.buckets;
    const touched = this.touched;
    this.busy = true;
    try {
      let f = 0;
      for (const event of chunk) {
        for (let k = groups.length; k > 0; k -= 1) {
          for (const id of found[f++] ?? NONE) {
            const bucket = buckets[id];
            if (bucket === undefined) {
              buckets[id] = single ? chunk : [event];
              touched.push(id);
            } else {
              bucket.push(event);
            }
          }
        }
      }
      if (touched.length > 1) touched.sort((a, b) => a - b);
      const matched = this.matched;
      let j = 0;
      for (const id of touched) {
        j = this.deliverPlain(j, id, chunk, out);
        const bucket = buckets[id];
        if (bucket !== undefined) out.deliver(matched[id] ?? IGNORE, bucket, chunk);
      }
      this.deliverPlain(j, Infinity, chunk, out);
    } finally {
      for (const id of touched) buckets[id] = undefined;
      touched.length = 0;
      found.length = 0;
      this.busy = false;
    }
    return true;
  }
}
