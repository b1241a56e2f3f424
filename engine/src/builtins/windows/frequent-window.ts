// `#window.frequent(n[, attr…])` (deprecated in Siddhi): the Misra-Gries "frequent" algorithm.
// Events of a known key pass; a new key, when n keys are held, decrements every count and the
// keys reaching zero expire (in Java's hash order); the new event is dropped if no key freed up.

import type { EventChunk, StreamEvent } from '../../runtime/event/event.js';
import type { Clock } from '../../runtime/time/time-service.js';
import {
  BaseWindow,
  eventsFromData,
  withType,
  type WindowImplementation,
  type WindowSnapshot,
} from '../../runtime/window/window.js';
import { frequencyKey, type KeyReader } from './frequency-key.js';
import { JavaConcurrentHashMap } from './java-concurrent-hash-map.js';
import { numberArgument } from './window-arguments.js';

/** The frequent window (see `frequentWindow`). */
export class FrequentWindow extends BaseWindow {
  #events = new JavaConcurrentHashMap<StreamEvent>();
  #counts = new JavaConcurrentHashMap<number>();

  constructor(
    private readonly mostFrequentCount: number,
    private readonly keyOf: KeyReader,
    private readonly clock: Clock,
  ) {
    super();
  }

  process(chunk: EventChunk): void {
    const out: StreamEvent[] = [];
    const now = this.clock.now();
    const events = this.#events;
    const counts = this.#counts;
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      const held = withType(event, 'current');
      const key = this.keyOf(event);
      if (events.set(key, held) !== undefined) {
        counts.set(key, (counts.get(key) ?? 0) + 1);
        out.push(held);
        continue;
      }
      if (events.size > this.mostFrequentCount) {
        const keys = counts.keys();
        for (let i = 0; i < this.mostFrequentCount && i < keys.length; i += 1) {
          const k = keys[i] ?? '';
          const count = (counts.get(k) ?? 0) - 1;
          if (count === 0) {
            counts.delete(k);
            const expired = events.delete(k);
            if (expired !== undefined) out.push(withType(expired, 'expired', now));
          } else {
            counts.set(k, count);
          }
        }
        if (events.size > this.mostFrequentCount) {
          // no key freed up: the new event is dropped
          events.delete(key);
          continue;
        }
      }
      counts.set(key, 1);
      out.push(held);
    }
    this.emit(out);
  }

  contents(): readonly StreamEvent[] {
    return this.#events.values();
  }

  snapshot(): WindowSnapshot {
    return {
      entries: this.#events
        .keys()
        .map((k) => [k, this.#counts.get(k) ?? 0, eventData(this.#events.get(k))]),
    };
  }

  restore(state: WindowSnapshot): void {
    this.#events = new JavaConcurrentHashMap<StreamEvent>();
    this.#counts = new JavaConcurrentHashMap<number>();
    const entries = Array.isArray(state.entries) ? (state.entries as unknown[][]) : [];
    for (const [key, count, data] of entries) {
      const [event] = eventsFromData([data]);
      if (typeof key !== 'string' || typeof count !== 'number' || event === undefined) continue;
      this.#events.set(key, event);
      this.#counts.set(key, count);
    }
  }
}

/** One event as snapshot data (see `eventsToData`). */
export function eventData(event: StreamEvent | undefined): unknown {
  return event === undefined ? null : [event.timestamp, event.type, [...event.data]];
}

/**
 * `frequent(n)` keyed by all attributes, or `frequent(n, attr…)`.
 * @example
 * from Purchase#window.frequent(2, cardNo) select cardNo, price insert all events into Fraud;
 */
export const frequentWindow: WindowImplementation = {
  namespace: '',
  name: 'frequent',
  create: (args, ctx) =>
    new FrequentWindow(
      numberArgument(args, 0, 'event.count', 1),
      frequencyKey(args, 1, ctx.attributes),
      ctx.clock,
    ),
};
