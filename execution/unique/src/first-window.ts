// #window.unique:first(unique.key, …): holds the first event of every key, forever; later
// events with a held key are dropped, so only first occurrences pass. Nothing ever expires.

import type { StreamEvent } from '@tributary/engine';
import { defineWindow, type Extension } from '@tributary/engine/extension-api';
import {
  eventsFromData,
  eventsToData,
  keyReader,
  uniqueKey,
  UniqueWindow,
  type WindowSnapshot,
} from './unique-window.js';

/** The first event per key (see `uniqueFirstWindow`). */
export class UniqueFirstWindow extends UniqueWindow {
  readonly #held = new Map<unknown, StreamEvent>();

  constructor(private readonly keyOf: (event: StreamEvent) => unknown) {
    super();
  }

  process(chunk: StreamEvent[]): void {
    const out: StreamEvent[] = [];
    for (const event of chunk) {
      if (event.type !== 'current') continue;
      const key = this.keyOf(event);
      if (this.#held.has(key)) continue;
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

/** #window.unique:first. */
export const uniqueFirstWindow: Extension = defineWindow({
  namespace: 'unique',
  name: 'first',
  status: 'stable',
  summary: 'Holds the first event of every unique key; later events with that key are dropped.',
  description:
    'A window that keeps the first event of each value of the unique key for ever. An event ' +
    'whose key is already held is not processed by the window. Several key attributes may be ' +
    'given; their combination is the key.',
  parameters: [uniqueKey],
  overloads: [['unique.key'], ['unique.key', '...']],
  examples: [
    {
      description: 'Emits the first login event of every IP.',
      siddhi:
        'define stream LoginEvents (timestamp long, ip string);\n' +
        'from LoginEvents#window.unique:first(ip)\nselect *\ninsert into UniqueIps;',
    },
  ],
  create: (args) => new UniqueFirstWindow(keyReader(args)),
});
