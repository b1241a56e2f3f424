// The batch the unique batch windows collect: one event per key (the latest, or the first for
// the `first…` windows). A flush emits, as one chunk, the previous batch expired, a reset and
// the new batch — every event stamped with the flush time, as Siddhi's unique batches are.

import type { StreamEvent } from '@tributary/engine';
import {
  eventsFromData,
  eventsToData,
  expired,
  reset,
  type WindowSnapshot,
} from './unique-window.js';

/** Collects one event per key and flushes batches (see the unique batch windows). */
export class KeyedBatch {
  /** The batch being collected, by key in first-arrival order. */
  readonly #collecting = new Map<unknown, StreamEvent>();
  /** The last flushed batch: it expires with the next flush. */
  #emitted: StreamEvent[] = [];

  constructor(
    private readonly keyOf: (event: StreamEvent) => unknown,
    private readonly keepFirst: boolean,
  ) {}

  /** Adds an event to the batch being collected. */
  add(event: StreamEvent): void {
    const key = this.keyOf(event);
    if (this.keepFirst && this.#collecting.has(key)) return;
    this.#collecting.set(key, event);
  }

  /** The number of keys in the batch being collected. */
  get size(): number {
    return this.#collecting.size;
  }

  /** The last flushed batch (what joins probe). */
  get emitted(): readonly StreamEvent[] {
    return this.#emitted;
  }

  /** Flushes: the previous batch expired, then (when not empty) a reset and the new batch. */
  flush(now: number): StreamEvent[] {
    const out: StreamEvent[] = [];
    for (const e of this.#emitted) out.push(expired(e, now));
    const batch: StreamEvent[] = [];
    for (const e of this.#collecting.values()) {
      batch.push({ timestamp: now, type: 'current', data: e.data });
    }
    this.#collecting.clear();
    if (batch.length > 0) out.push(reset(now), ...batch);
    this.#emitted = batch;
    return out;
  }

  snapshot(): WindowSnapshot {
    return {
      collecting: eventsToData(this.#collecting.values()),
      emitted: eventsToData(this.#emitted),
    };
  }

  restore(state: WindowSnapshot): void {
    this.#collecting.clear();
    for (const e of eventsFromData(state.collecting)) this.#collecting.set(this.keyOf(e), e);
    this.#emitted = eventsFromData(state.emitted);
  }
}
