// #window.unique:time(unique.key, window.time): a sliding window of the latest event of every
// key seen in the last `window.time`. Events expire (stamped now) once `timestamp + time <= now`;
// an event whose key is held replaces the held event, which expires just before it.

import type { StreamEvent } from '@tributary/engine';
import { defineWindow, type Extension, type WindowContext } from '@tributary/engine/extension-api';
import {
  eventsFromData,
  eventsToData,
  expired,
  keyReader,
  numberArgument,
  timeParameter,
  uniqueKey,
  UniqueWindow,
  type WindowSnapshot,
} from './unique-window.js';

/** The latest event per key of the last `duration` ms (see `uniqueTimeWindow`). */
export class UniqueTimeWindow extends UniqueWindow {
  /** Held events by key, in arrival order (a replaced key moves to the end). */
  readonly #held = new Map<unknown, StreamEvent>();
  #lastScheduled = -Infinity;

  constructor(
    private readonly keyOf: (event: StreamEvent) => unknown,
    private readonly duration: number,
    private readonly ctx: WindowContext,
  ) {
    super();
  }

  process(chunk: StreamEvent[]): void {
    const out: StreamEvent[] = [];
    for (const event of chunk) {
      const now = this.ctx.clock.now();
      this.#expire(now, out);
      if (event.type !== 'current') continue;
      const key = this.keyOf(event);
      const old = this.#held.get(key);
      if (old !== undefined) {
        this.#held.delete(key);
        out.push(expired(old, now));
      }
      this.#held.set(key, event);
      out.push(event);
      this.#schedule(event.timestamp);
    }
    this.emit(out);
  }

  #expire(now: number, out: StreamEvent[]): void {
    for (const [key, event] of this.#held) {
      if (event.timestamp + this.duration > now) break;
      this.#held.delete(key);
      out.push(expired(event, now));
    }
  }

  #schedule(timestamp: number): void {
    if (this.#lastScheduled < timestamp) {
      this.#lastScheduled = timestamp;
      this.ctx.scheduleTimer(timestamp + this.duration);
    }
  }

  override start(): void {
    // after a stop or a restore: one timer per increasing timestamp still held
    if (this.#lastScheduled !== -Infinity) return;
    for (const event of this.#held.values()) this.#schedule(event.timestamp);
  }

  override stop(): void {
    this.#lastScheduled = -Infinity;
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
    this.#lastScheduled = -Infinity;
    this.start();
  }
}

/** #window.unique:time. */
export const uniqueTimeWindow: Extension = defineWindow({
  namespace: 'unique',
  name: 'time',
  status: 'stable',
  summary: 'A sliding time window of the latest event of every unique key.',
  description:
    'Holds the latest event of each unique key that arrived in the last `window.time`. When an ' +
    'event arrives with a key already in the window, the held event expires and the new one ' +
    'is kept; events expire once they are older than `window.time`. Expired events are stamped ' +
    'with the current time.',
  parameters: [uniqueKey, timeParameter('window.time', 'The sliding time period.')],
  examples: [
    {
      description: 'Holds the latest event of each symbol of the last second; outputs expiries.',
      siddhi:
        'define stream CseEventStream (symbol string, price float, volume int);\n' +
        'from CseEventStream#window.unique:time(symbol, 1 sec)\n' +
        'select symbol, price, volume\ninsert expired events into OutputStream;',
    },
  ],
  create: (args, ctx) =>
    new UniqueTimeWindow(
      keyReader(args.slice(0, 1)),
      numberArgument(args, 1, 'window.time', 1),
      ctx,
    ),
});
