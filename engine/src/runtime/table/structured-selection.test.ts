// Unit tests of the structured form of selections: what a store is given for group by,
// aggregates, having, order by and limits, and every case left to the engine because a store
// evaluating it as documented would not give the engine selector's rows.

import { describe, expect, it } from 'vitest';
import { builtinAggregators } from '../../builtins/aggregators/index.js';
import { builtinFunctionLookup } from '../../builtins/functions/index.js';
import { parseOnDemandQuery } from '../../compiler/parse.js';
import type { Selector } from '../../query-api/index.js';
import type { StreamEvent } from '../event/event.js';
import { rowScope } from '../expression/row-scope.js';
import type { FunctionContext } from '../expression/types.js';
import { compileStructuredSelection, type SelectionCompilation } from './structured-selection.js';
import type { SelectionOptions, TableSchema } from './table.js';

const functions: FunctionContext = { clock: { now: () => 0 }, functions: builtinFunctionLookup };
const aggregators = {
  get: (namespace: string, name: string) =>
    namespace === '' ? builtinAggregators.find((a) => a.name === name) : undefined,
};
const options: SelectionOptions<StreamEvent> = { tableNames: ['T'], functions, aggregators };
const schema: TableSchema = {
  id: 'T',
  attributes: [
    { name: 'symbol', type: 'string' },
    { name: 'price', type: 'float' },
    { name: 'volume', type: 'long' },
    { name: 'rank', type: 'int' },
    { name: 'data', type: 'object' },
  ],
  primaryKey: [],
  indexes: [],
};

function selectorOf(query: string): Selector {
  const parsed = parseOnDemandQuery(query);
  if (parsed.query === undefined) throw new Error(`bad query ${query}`);
  return parsed.query.selector;
}

function compile(
  query: string,
  with_: SelectionOptions<StreamEvent> = options,
): SelectionCompilation<StreamEvent> | null {
  return compileStructuredSelection(selectorOf(query), schema, with_);
}

const symbol = { kind: 'column', name: 'symbol', type: 'string' } as const;
const price = { kind: 'column', name: 'price', type: 'float' } as const;
const volume = { kind: 'column', name: 'volume', type: 'long' } as const;

describe('compileStructuredSelection', () => {
  it('gives group by, aggregates typed as the engine types them, order and limits', () => {
    const compiled = compile(
      'from T select symbol, sum(price) as total, count() as n, avg(rank) as a, sum(rank) as r group by symbol order by total desc, symbol limit 10 offset 2',
    );
    expect(compiled?.selection).toEqual({
      items: [
        { name: 'symbol', value: symbol },
        {
          name: 'total',
          value: { kind: 'aggregate', fn: 'sum', argument: price, type: 'double' },
        },
        { name: 'n', value: { kind: 'aggregate', fn: 'count', argument: undefined, type: 'long' } },
        {
          name: 'a',
          value: {
            kind: 'aggregate',
            fn: 'avg',
            argument: { kind: 'column', name: 'rank', type: 'int' },
            type: 'double',
          },
        },
        {
          name: 'r',
          value: {
            kind: 'aggregate',
            fn: 'sum',
            argument: { kind: 'column', name: 'rank', type: 'int' },
            type: 'long',
          },
        },
      ],
      aggregating: true,
      groupBy: [symbol],
      having: undefined,
      orderBy: [
        { index: 1, descending: true },
        { index: 0, descending: false },
      ],
      offset: 2,
      limit: 10,
    });
  });

  it('substitutes output names in having and keeps monotone conditions', () => {
    const compiled = compile(
      'from T select symbol, count() as n, max(price) as m group by symbol having n > 1 and m >= 10 order by symbol',
    );
    expect(compiled?.selection.having).toEqual({
      kind: 'and',
      left: {
        kind: 'compare',
        op: '>',
        left: { kind: 'aggregate', fn: 'count', argument: undefined, type: 'long' },
        right: { kind: 'constant', value: 1, type: 'int' },
      },
      right: {
        kind: 'compare',
        op: '>=',
        left: { kind: 'aggregate', fn: 'max', argument: price, type: 'float' },
        right: { kind: 'constant', value: 10, type: 'int' },
      },
    });
    expect(compile('from T select count() as n having 3 < n')?.selection.having).toBeDefined();
    expect(compile('from T select min(price) as lo having lo < 5')).not.toBeNull();
  });

  it('keeps a having on group columns whatever its form, and one of rows as a row filter', () => {
    expect(
      compile("from T select symbol, sum(volume) as v group by symbol having not (symbol == 'A')")
        ?.selection.having,
    ).toEqual({
      kind: 'not',
      operand: {
        kind: 'compare',
        op: '==',
        left: symbol,
        right: { kind: 'constant', value: 'A', type: 'string' },
      },
    });
    const rows = compile('from T select symbol, volume * 2 as v having v > 10 and price > 1');
    expect(rows?.selection.aggregating).toBe(false);
    expect(rows?.selection.having).toMatchObject({
      kind: 'and',
      left: { kind: 'compare', left: { kind: 'math', op: '*', left: volume } },
      right: { kind: 'compare', left: price },
    });
  });

  it('leaves to the engine what a store would answer differently', () => {
    const kept = [
      // the engine reads price from each group's (or the table's) last record
      'from T select symbol, price, count() as n group by symbol',
      'from T select symbol, sum(volume) as v',
      // a sum can fall: the engine keeps the last row for which having held
      'from T select symbol, sum(volume) as v group by symbol having v > 10 order by symbol',
      'from T select count() as n having n < 3',
      // the engine lists a group where its having first held: only a total order hides it
      'from T select symbol, count() as n group by symbol having n > 1',
      'from T select symbol, count() as n group by symbol having n > 1 order by n',
      // aggregators other than the built-ins a store knows, and per-row functions
      'from T select symbol, stdDev(price) as d group by symbol',
      'from T select symbol, UUID() as id order by symbol',
      "from T select coalesce(symbol, 'x') as s order by s",
      // float arithmetic the engine rounds at each step
      'from T select symbol, sum(price * 2) as s group by symbol',
      'from T select price * 2 + 1 as p order by p',
      'from T select symbol, price * 2 as p having p > 3',
      // objects: the engine orders them by their JSON and tells them apart by identity
      'from T select data order by data',
      'from T select rank, distinctCount(data) as d group by rank',
      // comparisons as values
      'from T select price > 3 as cheap order by cheap',
      // nothing to do but project the rows the engine reads anyway
      'from T select symbol, price * 2 as p',
      'from T select *',
    ];
    for (const query of kept) expect(compile(query), query).toBeNull();
  });

  it('pushes a float product only as a whole output value', () => {
    expect(compile('from T select symbol, price * 2 as p order by p')?.selection.items[1]).toEqual({
      name: 'p',
      value: {
        kind: 'math',
        op: '*',
        left: price,
        right: { kind: 'constant', value: 2, type: 'int' },
        type: 'float',
      },
    });
  });

  it('makes parameters of the matching event, evaluated by the engine', () => {
    const matching = rowScope([{ name: 'factor', type: 'long' }], ['S']);
    const compiled = compile('from T select symbol, sum(volume * S.factor) as v group by symbol', {
      ...options,
      matching,
    });
    expect(compiled?.selection.items[1]?.value).toEqual({
      kind: 'aggregate',
      fn: 'sum',
      argument: {
        kind: 'math',
        op: '*',
        left: volume,
        right: { kind: 'parameter', index: 0, type: 'long' },
        type: 'long',
      },
      type: 'long',
    });
    const event: StreamEvent = { timestamp: 0, type: 'current', data: [3] };
    expect(compiled?.parameters.map((p) => p({ event, row: [] }))).toEqual([3]);
  });
});
