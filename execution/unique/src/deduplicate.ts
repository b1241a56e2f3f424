// #unique:deduplicate(unique.key, time.interval): drops an event when an event with the same
// key passed within `time.interval` before it (by event timestamp). Keys are forgotten, oldest
// first, once more than the interval has passed; timers purge them when the stream is idle.

import type { StreamEvent } from '@tributary/engine';
import {
  defineStreamProcessor,
  type Extension,
  type StreamProcessorContext,
  type StreamProcessorInstance,
} from '@tributary/engine/extension-api';
import { keyReader, numberArgument, timeParameter, uniqueKey } from './unique-window.js';

/** Drops duplicates within an interval (see `deduplicateProcessor`). */
export class DeduplicateProcessor implements StreamProcessorInstance {
  next: StreamProcessorInstance['next'] = {
    process(): void {
      // not linked yet: nothing downstream
    },
  };
  /** The timestamp of the event that let each key through, oldest first. */
  readonly #seen = new Map<unknown, number>();

  constructor(
    private readonly keyOf: (event: StreamEvent) => unknown,
    private readonly interval: number,
    private readonly ctx: StreamProcessorContext,
  ) {}

  process(chunk: StreamEvent[]): void {
    const out: StreamEvent[] = [];
    for (const event of chunk) {
      this.#forget(event.timestamp);
      if (event.type === 'timer') continue;
      if (event.type !== 'current' && event.type !== 'expired') {
        out.push(event);
        continue;
      }
      const key = this.keyOf(event);
      if (this.#seen.has(key)) continue;
      this.#seen.set(key, event.timestamp);
      this.#schedule(event.timestamp);
      out.push(event);
    }
    if (out.length > 0) this.next.process(out);
  }

  /** Forgets keys, oldest first, while more than the interval separates them from `time`. */
  #forget(time: number): void {
    for (const [key, seenAt] of this.#seen) {
      if (time - seenAt <= this.interval) break;
      this.#seen.delete(key);
    }
  }

  /** A timer just past the interval, when the key can be forgotten. */
  #schedule(seenAt: number): void {
    this.ctx.scheduleTimer(seenAt + this.interval + 1);
  }

  start(): void {
    // timers are armed per key as events pass; restore re-arms them
  }

  stop(): void {
    // pending timers are cancelled by the query; the keys stay for a restart
  }

  snapshot(): unknown {
    return { seen: [...this.#seen] };
  }

  restore(state: unknown): void {
    const seen = (state as { seen?: unknown } | null)?.seen;
    if (!Array.isArray(seen))
      throw new TypeError('unique:deduplicate: not a snapshot of its state');
    this.#seen.clear();
    for (const [key, seenAt] of seen as [unknown, number][]) {
      this.#seen.set(key, seenAt);
      this.#schedule(seenAt);
    }
  }
}

/** #unique:deduplicate. */
export const deduplicateProcessor: Extension = defineStreamProcessor({
  namespace: 'unique',
  name: 'deduplicate',
  status: 'stable',
  summary: 'Removes duplicate events (by a unique key) arriving within a time interval.',
  description:
    'An event passes when no event with the same `unique.key` passed within the preceding ' +
    '`time.interval` (by event timestamp, inclusive); otherwise it is dropped. A duplicate does ' +
    'not extend the interval.',
  parameters: [
    uniqueKey,
    timeParameter('time.interval', 'The period within which duplicate events are dropped.'),
  ],
  appends: [],
  examples: [
    {
      description: 'Drops temperature events of a sensor repeated within 30 seconds.',
      siddhi:
        'define stream TemperatureStream (sensorId string, temperature double);\n' +
        'from TemperatureStream#unique:deduplicate(sensorId, 30 sec)\n' +
        'select *\ninsert into UniqueTemperatureStream;',
    },
  ],
  create: (args, ctx) =>
    new DeduplicateProcessor(
      keyReader(args.slice(0, 1)),
      numberArgument(args, 1, 'time.interval', 0),
      ctx,
    ),
});
