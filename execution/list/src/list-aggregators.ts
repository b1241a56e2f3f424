// list:collect(value[, is.distinct]) and list:merge(list[, is.distinct]): the window's values
// (or lists) as one list in arrival order. When an event expires its own contribution goes;
// with is.distinct a value shows once while any held event carries it.

import {
  defineAggregator,
  type AggregatorState,
  type Extension,
} from '@tributary/engine/extension-api';
import { exampleApp } from './list-function.js';
import { asList, deepEquals, ELEMENT_TYPES, includes } from './list-values.js';

function snapshotItems(name: string, snapshot: unknown): unknown[] {
  const items =
    typeof snapshot === 'object' && snapshot !== null
      ? (snapshot as Record<string, unknown>).items
      : undefined;
  if (!Array.isArray(items)) throw new TypeError(`${name}: not a snapshot of its state`);
  return items;
}

/** Removes the first (oldest) element equal to `value`. */
function removeOne(list: unknown[], value: unknown): void {
  const i = list.findIndex((v) => v === value || deepEquals(v, value));
  if (i >= 0) list.splice(i, 1);
}

/** Held contributions (values or lists), oldest first. */
class ListState implements AggregatorState {
  #items: unknown[] = [];
  #distinct = false;

  constructor(
    private readonly name: string,
    private readonly flatten: boolean,
  ) {}

  add(item: unknown, distinct?: unknown): unknown {
    this.#distinct = distinct === true;
    this.#items.push(this.flatten ? asList(this.name, item) : item);
    return this.#result();
  }

  remove(item: unknown, distinct?: unknown): unknown {
    this.#distinct = distinct === true;
    removeOne(this.#items, this.flatten ? asList(this.name, item) : item);
    return this.#result();
  }

  reset(): unknown {
    this.#items = [];
    return [];
  }

  snapshot(): unknown {
    return { items: [...this.#items], distinct: this.#distinct };
  }

  restore(snapshot: unknown): void {
    this.#items = [...snapshotItems(this.name, snapshot)];
    this.#distinct = (snapshot as { distinct?: unknown }).distinct === true;
  }

  #result(): unknown[] {
    const values = this.flatten ? (this.#items as unknown[][]).flat() : [...this.#items];
    if (!this.#distinct) return values;
    const out: unknown[] = [];
    for (const v of values) if (!includes(out, v)) out.push(v);
    return out;
  }
}

const distinct = {
  name: 'is.distinct',
  types: ['bool' as const],
  optional: true,
  description: 'If true, equal values appear once. Default: false.',
};

/** list:collect. */
export const collectAggregator: Extension = defineAggregator({
  namespace: 'list',
  name: 'collect',
  status: 'stable',
  summary: 'Collects the values of the window into a list.',
  description:
    'The list holds the values of the held events in arrival order; with `is.distinct` equal ' +
    'values appear once. When an event expires its value goes.',
  parameters: [
    { name: 'value', types: ELEMENT_TYPES, description: 'The value to collect.' },
    distinct,
  ],
  returnType: 'object',
  returnDescription: 'The list of collected values.',
  examples: [
    {
      description: 'Collects the symbols of each batch of 10 events into a list.',
      siddhi: exampleApp('list:collect(symbol)', '#window.lengthBatch(10)'),
    },
    {
      description: 'Collects the distinct symbols of the last 10 events.',
      siddhi: exampleApp('list:collect(symbol, true)', '#window.length(10)'),
    },
  ],
  create: () => ({ returnType: 'object', newState: () => new ListState('list:collect', false) }),
});

/** list:merge. */
export const mergeAggregator: Extension = defineAggregator({
  namespace: 'list',
  name: 'merge',
  status: 'stable',
  summary: 'Merges the lists of the window into one list.',
  description:
    'The result is the elements of the held lists in arrival order; with `is.distinct` equal ' +
    "elements appear once. When an event expires its list's elements go.",
  parameters: [{ name: 'list', types: ['object'], description: 'The list to merge.' }, distinct],
  returnType: 'object',
  returnDescription: 'The merged list.',
  examples: [
    {
      description: 'Merges the lists of each batch of 2 events.',
      siddhi: exampleApp('list:merge(list:create(symbol, price))', '#window.lengthBatch(2)'),
    },
  ],
  create: () => ({ returnType: 'object', newState: () => new ListState('list:merge', true) }),
});
