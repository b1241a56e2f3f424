// `#window.lossyFrequent(support[, error][, attr…])` (deprecated in Siddhi): lossy counting.
// An event passes when its key's count reaches (support − error) × events seen; at each bucket
// boundary (every ⌈1/error⌉ events) keys with count + bucket ≤ current bucket expire.

import type { Logger } from '../../runtime/app/logger.js';
import type { EventChunk, StreamEvent } from '../../runtime/event/event.js';
import type { Clock } from '../../runtime/time/time-service.js';
import {
  BaseWindow,
  eventsFromData,
  withType,
  WindowArgumentError,
  type WindowArgument,
  type WindowImplementation,
  type WindowSnapshot,
} from '../../runtime/window/window.js';
import { frequencyKey, type KeyReader } from './frequency-key.js';
import { eventData } from './frequent-window.js';
import { JavaConcurrentHashMap } from './java-concurrent-hash-map.js';

interface LossyCount {
  count: number;
  readonly bucketId: number;
}

/** What `lossyFrequent` runs with. */
export interface LossyFrequentSettings {
  readonly support: number;
  readonly error: number;
  readonly keyOf: KeyReader;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly owner: string;
}

/** The lossy-frequent window (see `lossyFrequentWindow`). */
export class LossyFrequentWindow extends BaseWindow {
  #events = new JavaConcurrentHashMap<StreamEvent>();
  #counts = new JavaConcurrentHashMap<LossyCount>();
  #total = 0;
  #bucket = 1;
  readonly #width: number;

  constructor(private readonly settings: LossyFrequentSettings) {
    super();
    this.#width = Math.ceil(1 / settings.error);
  }

  process(chunk: EventChunk): void {
    const out: StreamEvent[] = [];
    const { support, error, keyOf, clock } = this.settings;
    const now = clock.now();
    const events = this.#events;
    const counts = this.#counts;
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      const held = withType(event, 'current');
      this.#total += 1;
      if (this.#total !== 1) this.#bucket = Math.ceil(this.#total / this.#width);
      const key = keyOf(event);
      let lossy: LossyCount | undefined;
      if (events.set(key, held) !== undefined) {
        lossy = counts.get(key);
        if (lossy !== undefined) lossy.count += 1;
      }
      if (lossy === undefined) {
        lossy = { count: 1, bucketId: Math.trunc(this.#bucket) - 1 };
        counts.set(key, lossy);
      }
      if (lossy.count >= (support - error) * this.#total) out.push(held);
      if (this.#total % this.#width === 0) this.#prune(out, now);
    }
    this.emit(out);
  }

  #prune(out: StreamEvent[], now: number): void {
    for (const key of this.#counts.keys()) {
      const lossy = this.#counts.get(key);
      if (lossy === undefined || lossy.count + lossy.bucketId > this.#bucket) continue;
      this.settings.logger.log(
        'debug',
        `${this.settings.owner}: lossyFrequent removes '${key}' from the window`,
      );
      this.#counts.delete(key);
      const expired = this.#events.delete(key);
      if (expired !== undefined) out.push(withType(expired, 'expired', now));
    }
  }

  contents(): readonly StreamEvent[] {
    return this.#events.values();
  }

  snapshot(): WindowSnapshot {
    return {
      total: this.#total,
      bucket: this.#bucket,
      entries: this.#events.keys().map((k) => {
        const lossy = this.#counts.get(k);
        return [k, lossy?.count ?? 0, lossy?.bucketId ?? 0, eventData(this.#events.get(k))];
      }),
    };
  }

  restore(state: WindowSnapshot): void {
    this.#events = new JavaConcurrentHashMap<StreamEvent>();
    this.#counts = new JavaConcurrentHashMap<LossyCount>();
    this.#total = typeof state.total === 'number' ? state.total : 0;
    this.#bucket = typeof state.bucket === 'number' ? state.bucket : 1;
    const entries = Array.isArray(state.entries) ? (state.entries as unknown[][]) : [];
    for (const [key, count, bucketId, data] of entries) {
      const [event] = eventsFromData([data]);
      if (typeof key !== 'string' || typeof count !== 'number' || typeof bucketId !== 'number') {
        continue;
      }
      if (event === undefined) continue;
      this.#events.set(key, event);
      this.#counts.set(key, { count, bucketId });
    }
  }
}

function constantNumber(args: readonly WindowArgument[], index: number, what: string): number {
  const arg = args[index];
  if (arg?.constant !== true || typeof arg.value !== 'number') {
    throw new WindowArgumentError(`${what} must be a constant number`);
  }
  return arg.value;
}

/**
 * `lossyFrequent(support)`, `(support, error)` or `(support, error, attr…)`; the error bound
 * defaults to support / 10. Values outside [0, 1] are logged, as Siddhi does, not rejected.
 * @example
 * from Purchase#window.lossyFrequent(0.1, 0.01) select cardNo insert into Frequent;
 */
export const lossyFrequentWindow: WindowImplementation = {
  namespace: '',
  name: 'lossyFrequent',
  create: (args, ctx) => {
    const support = constantNumber(args, 0, 'support.threshold');
    const error = args.length > 1 ? constantNumber(args, 1, 'error.bound') : support / 10;
    if (support > 1 || support < 0 || error > 1 || error < 0) {
      ctx.logger.log(
        'error',
        `${ctx.owner}: lossyFrequent(${String(support)}, ${String(error)}): support and error must be between 0 and 1`,
      );
    }
    return new LossyFrequentWindow({
      support,
      error,
      keyOf: frequencyKey(args, 2, ctx.attributes),
      clock: ctx.clock,
      logger: ctx.logger,
      owner: ctx.owner,
    });
  },
};
