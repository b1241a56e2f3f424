// #list:tokenize(list, …): one output event per index of the lists, appending `index` and
// `value`; with several lists `value` is the list of each one's element there (null past its end).

import {
  defineStreamFunction,
  statelessStreamFunction,
  type Extension,
} from '@tributary/engine/extension-api';
import { asList } from './list-values.js';

/**
 * The rows for some lists: one `[index, value]` per index up to the longest list.
 * @example
 * tokenRows([['a', 'b']]); // [[0, 'a'], [1, 'b']]
 */
export function tokenRows(lists: readonly (readonly unknown[])[]): unknown[][] {
  const longest = Math.max(0, ...lists.map((l) => l.length));
  const rows: unknown[][] = [];
  for (let i = 0; i < longest; i++) {
    rows.push([
      i,
      lists.length === 1 ? lists[0]?.[i] : lists.map((l) => (i < l.length ? l[i] : null)),
    ]);
  }
  return rows;
}

/** #list:tokenize. */
export const tokenizeProcessor: Extension = defineStreamFunction({
  namespace: 'list',
  name: 'tokenize',
  status: 'stable',
  summary: 'Emits one event per element of a list, appending its index and value.',
  description:
    'For each index of the given lists the event is emitted once with `index` and `value` ' +
    'appended. With more than one list, `value` is the list of their elements at the index.',
  parameters: [{ name: 'list', types: ['object'], description: 'The list to tokenize.' }],
  overloads: [['list'], ['list', 'list', '...']],
  appends: [
    { name: 'index', type: 'int' },
    { name: 'value', type: 'object' },
  ],
  examples: [
    {
      description: 'Collects the symbols of each pair of events, then emits one event per symbol.',
      siddhi:
        'define stream StockStream (symbol string, price float);\n' +
        'from StockStream#window.lengthBatch(2)\n' +
        'select list:collect(symbol) as symbols\ninsert into TempStream;\n' +
        'from TempStream#list:tokenize(symbols)\nselect index, value\ninsert into SymbolStream;',
    },
  ],
  create: (args) =>
    statelessStreamFunction((event) =>
      tokenRows(args.map((a, i) => asList('list:tokenize', a.evaluate(event), i + 1))),
    ),
});
