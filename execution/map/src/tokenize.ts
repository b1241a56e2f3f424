// #map:tokenize(map, …): one output event per key of the maps, appending `key` and `value`;
// with several maps `value` is the list of each map's value for the key (null where absent).

import {
  defineStreamFunction,
  statelessStreamFunction,
  type Extension,
} from '@tributary/engine/extension-api';
import { asMap } from './map-values.js';

/**
 * The rows for some maps: one `[key, value]` per key of any map, in first-seen order.
 * @example
 * tokenRows([new Map([['a', 1]])]); // [['a', 1]]
 */
export function tokenRows(maps: readonly ReadonlyMap<unknown, unknown>[]): unknown[][] {
  const keys = new Set<unknown>();
  for (const m of maps) for (const k of m.keys()) keys.add(k);
  const single = maps.length === 1;
  return [...keys].map((k) => [k, single ? maps[0]?.get(k) : maps.map((m) => m.get(k) ?? null)]);
}

/** #map:tokenize. */
export const tokenizeProcessor: Extension = defineStreamFunction({
  namespace: 'map',
  name: 'tokenize',
  status: 'stable',
  summary: 'Emits one event per entry of a map, appending its key and value.',
  description:
    'For each key of the given maps the event is emitted once with `key` and `value` appended. ' +
    'With more than one map, `value` is the list of the values of the key in each map.',
  parameters: [{ name: 'map', types: ['object'], description: 'The map to tokenize.' }],
  overloads: [['map'], ['map', 'map', '...']],
  appends: [
    { name: 'key', type: 'object' },
    { name: 'value', type: 'object' },
  ],
  examples: [
    {
      description:
        'Collects the prices of each pair of events into a map, then emits one event per symbol.',
      siddhi:
        'define stream StockStream (symbol string, price float);\n' +
        'from StockStream#window.lengthBatch(2)\n' +
        'select map:collect(symbol, price) as symbolPriceMap\ninsert into TempStream;\n' +
        'from TempStream#map:tokenize(symbolPriceMap)\nselect key, value\ninsert into SymbolStream;',
    },
  ],
  create: (args) =>
    statelessStreamFunction((event) =>
      tokenRows(args.map((a, i) => asMap('map:tokenize', a.evaluate(event), i + 1))),
    ),
});
