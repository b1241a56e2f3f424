// #window.unique:ever(unique.key, …): holds the latest event of every key, forever. An event
// whose key is held replaces the held one, which expires (stamped now) just before it.

import type { Clock, StreamEvent } from '@tributary/engine';
import { defineWindow, type Extension } from '@tributary/engine/extension-api';
import {
  eventsFromData,
  eventsToData,
  expired,
  keyReader,
  uniqueKey,
  UniqueWindow,
  type WindowSnapshot,
} from './unique-window.js';

/** The latest event per key (see `uniqueEverWindow`). */
export class UniqueEverWindow extends UniqueWindow {
  /** Held events by key, oldest arrival first. */
  readonly #held = new Map<unknown, StreamEvent>();

  constructor(
    private readonly keyOf: (event: StreamEvent) => unknown,
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

/** #window.unique:ever. */
export const uniqueEverWindow: Extension = defineWindow({
  namespace: 'unique',
  name: 'ever',
  status: 'stable',
  summary: 'Holds the latest event of every unique key, replacing (expiring) the previous one.',
  description:
    'A window that keeps, for ever, the latest event of each value of the unique key. When an ' +
    'event arrives with a key already held, the held event expires and the new one takes its ' +
    'place. Several key attributes may be given; their combination is the key.',
  parameters: [uniqueKey],
  overloads: [['unique.key'], ['unique.key', '...']],
  examples: [
    {
      description: 'Counts the distinct IPs seen so far; each IP keeps only its latest event.',
      siddhi:
        'define stream LoginEvents (timestamp long, ip string);\n' +
        'from LoginEvents#window.unique:ever(ip)\n' +
        'select count(ip) as ipCount\ninsert all events into UniqueIps;',
    },
    {
      description: 'Keys on the combination of ip and id; replaced events are output.',
      siddhi:
        'define stream LoginEvents (timestamp long, ip string, id string);\n' +
        'from LoginEvents#window.unique:ever(ip, id)\n' +
        'select ip, id\ninsert expired events into UniqueIps;',
    },
  ],
  create: (args, ctx) => new UniqueEverWindow(keyReader(args), ctx.clock),
});
