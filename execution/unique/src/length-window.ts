// #window.unique:length(unique.key, window.length): a sliding window of the latest events of
// at most `window.length` keys. An event with a held key replaces (expires) the held one; an
// event with a new key, once the window is full, expires the oldest held event.

import type { Clock, StreamEvent } from '@tributary/engine';
import { defineWindow, type Extension } from '@tributary/engine/extension-api';
import {
  eventsFromData,
  eventsToData,
  expired,
  keyReader,
  lengthParameter,
  numberArgument,
  uniqueKey,
  UniqueWindow,
  type WindowSnapshot,
} from './unique-window.js';

/** The latest events of the last `length` keys (see `uniqueLengthWindow`). */
export class UniqueLengthWindow extends UniqueWindow {
  /** Held events by key, oldest first (a replaced key moves to the end). */
  readonly #held = new Map<unknown, StreamEvent>();

  constructor(
    private readonly keyOf: (event: StreamEvent) => unknown,
    private readonly length: number,
    private readonly clock: Clock,
  ) {
    super();
  }

  process(chunk: StreamEvent[]): void {
    const out: StreamEvent[] = [];
    const now = this.clock.now();
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      const key = this.keyOf(event);
      const old = this.#held.get(key);
      if (old !== undefined) {
        this.#held.delete(key);
        out.push(expired(old, now));
      } else if (this.#held.size >= this.length) {
        const oldest = this.#held.entries().next().value;
        if (oldest !== undefined) {
          this.#held.delete(oldest[0]);
          out.push(expired(oldest[1], now));
        }
      }
      this.#held.set(key, event);
      out.push(event);
    }
    this.emit(out);
  }

  contents(): readonly StreamEvent[] {
    return [...this.#held.values()];
  }

  snapshot(): WindowSnapshot {
    return { held: eventsToData(this.#held.values()) };
  }

  restore(state: WindowSnapshot): void {
    this.#held.clear();
    for (const e of eventsFromData(state.held)) this.#held.set(this.keyOf(e), e);
  }
}

/** #window.unique:length. */
export const uniqueLengthWindow: Extension = defineWindow({
  namespace: 'unique',
  name: 'length',
  status: 'stable',
  summary: 'A sliding window of the latest events of the last N unique keys.',
  description:
    'Holds the latest event of at most `window.length` unique keys. When an event arrives with ' +
    'a key already in the window, the previous event of that key expires and the new one is ' +
    'kept; when a new key arrives in a full window, the oldest event expires. Expired events ' +
    'are stamped with the current time and come just before the event that pushed them out.',
  parameters: [uniqueKey, lengthParameter],
  examples: [
    {
      description: 'Holds the latest event of the last 10 unique symbols.',
      siddhi:
        'define stream CseEventStream (symbol string, price float, volume int);\n' +
        'from CseEventStream#window.unique:length(symbol, 10)\n' +
        'select symbol, price, volume\ninsert all events into OutputStream;',
    },
  ],
  create: (args, ctx) =>
    new UniqueLengthWindow(
      keyReader(args.slice(0, 1)),
      numberArgument(args, 1, 'window.length', 1),
      ctx.clock,
    ),
});
