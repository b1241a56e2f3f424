// map:collect(key, value) and map:merge(map): the window's key/value pairs (or maps) as one
// map, later entries overriding earlier ones. Every held entry is remembered, so when an event
// expires its own contribution goes and an older value of the same key shows again.

import {
  defineAggregator,
  type AggregatorState,
  type Extension,
} from '@tributary/engine/extension-api';
import { exampleApp } from './map-function.js';
import { asMap, deepEquals, KEY_TYPES, VALUE_TYPES } from './map-values.js';

function snapshotField(name: string, snapshot: unknown, field: string): unknown[] {
  const value =
    typeof snapshot === 'object' && snapshot !== null
      ? (snapshot as Record<string, unknown>)[field]
      : undefined;
  if (!Array.isArray(value)) throw new TypeError(`${name}: not a snapshot of its state`);
  return value;
}

/** Removes the first element equal to `value` (the oldest); the first one when none is. */
function removeOne(list: unknown[], value: unknown): void {
  const index = list.findIndex((v) => v === value || deepEquals(v, value));
  list.splice(index < 0 ? 0 : index, 1);
}

class CollectState implements AggregatorState {
  /** Per key, the values of the held events, oldest first. */
  readonly #held = new Map<unknown, unknown[]>();

  add(key: unknown, value: unknown): unknown {
    const list = this.#held.get(key);
    if (list === undefined) this.#held.set(key, [value]);
    else list.push(value);
    return this.#result();
  }

  remove(key: unknown, value: unknown): unknown {
    const list = this.#held.get(key);
    if (list !== undefined) {
      removeOne(list, value);
      if (list.length === 0) this.#held.delete(key);
    }
    return this.#result();
  }

  reset(): unknown {
    this.#held.clear();
    return new Map();
  }

  snapshot(): unknown {
    return { entries: [...this.#held].map(([k, values]) => [k, [...values]]) };
  }

  restore(snapshot: unknown): void {
    const entries = snapshotField('map:collect', snapshot, 'entries') as [unknown, unknown[]][];
    this.#held.clear();
    for (const [k, values] of entries) this.#held.set(k, [...values]);
  }

  #result(): Map<unknown, unknown> {
    const out = new Map<unknown, unknown>();
    for (const [k, values] of this.#held) out.set(k, values[values.length - 1]);
    return out;
  }
}

class MergeState implements AggregatorState {
  /** The maps of the held events, oldest first. */
  #held: ReadonlyMap<unknown, unknown>[] = [];

  add(map: unknown): unknown {
    this.#held.push(asMap('map:merge', map));
    return this.#result();
  }

  remove(map: unknown): unknown {
    removeOne(this.#held, asMap('map:merge', map));
    return this.#result();
  }

  reset(): unknown {
    this.#held = [];
    return new Map();
  }

  snapshot(): unknown {
    return { maps: this.#held.map((m) => [...m]) };
  }

  restore(snapshot: unknown): void {
    const maps = snapshotField('map:merge', snapshot, 'maps') as [unknown, unknown][][];
    this.#held = maps.map((entries) => new Map(entries));
  }

  #result(): Map<unknown, unknown> {
    const out = new Map<unknown, unknown>();
    for (const m of this.#held) for (const [k, v] of m) out.set(k, v);
    return out;
  }
}

/** map:collect. */
export const collectAggregator: Extension = defineAggregator({
  namespace: 'map',
  name: 'collect',
  status: 'stable',
  summary: 'Collects the key/value pairs of the window into one map.',
  description:
    'Only distinct keys are kept: a later value of a key overrides the earlier one. When an ' +
    'event expires its pair goes, and an older value of the key still held shows again.',
  parameters: [
    { name: 'key', types: KEY_TYPES, description: 'The key of the entry.' },
    { name: 'value', types: VALUE_TYPES, description: 'The value of the entry.' },
  ],
  returnType: 'object',
  returnDescription: 'The map of the collected pairs.',
  examples: [
    {
      description: 'Collects the symbols and prices of each batch of 10 events into a map.',
      siddhi: exampleApp('map:collect(symbol, price)').replace(
        'from StockStream',
        'from StockStream#window.lengthBatch(10)',
      ),
    },
  ],
  create: () => ({ returnType: 'object', newState: () => new CollectState() }),
});

/** map:merge. */
export const mergeAggregator: Extension = defineAggregator({
  namespace: 'map',
  name: 'merge',
  status: 'stable',
  summary: 'Merges the maps of the window into one map.',
  description:
    'The result has the entries of every held map; for equal keys the later map wins. When an ' +
    "event expires its map's entries go.",
  parameters: [{ name: 'map', types: ['object'], description: 'The map to merge.' }],
  returnType: 'object',
  returnDescription: 'The merged map.',
  examples: [
    {
      description: 'Merges the maps of each batch of 2 events.',
      siddhi: exampleApp('map:merge(map:create(symbol, price))').replace(
        'from StockStream',
        'from StockStream#window.lengthBatch(2)',
      ),
    },
  ],
  create: () => ({ returnType: 'object', newState: () => new MergeState() }),
});
