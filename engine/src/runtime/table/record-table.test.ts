// Unit tests of the record-table interface: the structured compilation of conditions (columns,
// parameters, constants, `engine` marks for what a store cannot express) and the adapter to the
// engine's Table (parameters from the matching event, in-engine fallback), on the test store.

import { describe, expect, it } from 'vitest';
import { builtinFunctionLookup } from '../../builtins/functions/index.js';
import { parseExpression } from '../../compiler/parse.js';
import type { Expression } from '../../query-api/index.js';
import { testStore, TestStoreTable } from '../../testing/test-store.js';
import type { Logger } from '../app/logger.js';
import type { StreamEvent } from '../event/event.js';
import { rowScope } from '../expression/row-scope.js';
import type { FunctionContext } from '../expression/types.js';
import { RecordTableAdapter, type RecordTable } from './record-table.js';
import { compileStructuredCondition, type StructuredCondition } from './structured-condition.js';
import type { Table, TableSchema } from './table.js';

/** An `and`/`or` node's sides. */
interface Pair {
  readonly left: StructuredCondition;
  readonly right: StructuredCondition;
}

const functions: FunctionContext = { clock: { now: () => 0 }, functions: builtinFunctionLookup };
const matching = rowScope(
  [
    { name: 'sym', type: 'string' },
    { name: 'vol', type: 'long' },
  ],
  ['S'],
);
const options = { tableNames: ['T'], matching, functions };
const logger: Logger = { log: () => undefined };
const schema: TableSchema = {
  id: 'T',
  attributes: [
    { name: 'symbol', type: 'string' },
    { name: 'price', type: 'double' },
    { name: 'volume', type: 'long' },
  ],
  primaryKey: [],
  indexes: [],
};

function expr(text: string): Expression {
  const parsed = parseExpression(text);
  if (parsed.expression === undefined) throw new Error(`bad expression ${text}`);
  return parsed.expression;
}

function event(sym: string, vol: number): StreamEvent {
  return { timestamp: 0, type: 'current', data: [sym, vol] };
}

describe('compileStructuredCondition', () => {
  it('makes columns of table attributes, parameters of the matching event, constants of literals', () => {
    const c = compileStructuredCondition(
      expr('T.symbol == S.sym and price > 10 + 5 and T.volume < S.vol * 2'),
      schema,
      options,
    );
    expect(c.residual).toBe(false);
    expect(c.pushed).toEqual(c.tree);
    expect(c.tree).toEqual({
      kind: 'and',
      left: {
        kind: 'and',
        left: {
          kind: 'compare',
          op: '==',
          left: { kind: 'column', name: 'symbol', type: 'string' },
          right: { kind: 'parameter', index: 0, type: 'string' },
        },
        right: {
          kind: 'compare',
          op: '>',
          left: { kind: 'column', name: 'price', type: 'double' },
          right: { kind: 'constant', value: 15, type: 'int' },
        },
      },
      right: {
        kind: 'compare',
        op: '<',
        left: { kind: 'column', name: 'volume', type: 'long' },
        right: { kind: 'parameter', index: 1, type: 'long' },
      },
    });
    const match = { event: event('IBM', 21), row: [] };
    expect(c.parameters.map((p) => p(match))).toEqual(['IBM', 42]);
  });

  it('keeps arithmetic, not and is null on columns', () => {
    const c = compileStructuredCondition(
      expr('not (T.price * 2 > S.vol) or T.symbol is null'),
      schema,
      options,
    );
    expect(c.tree).toEqual({
      kind: 'or',
      left: {
        kind: 'not',
        operand: {
          kind: 'compare',
          op: '>',
          left: {
            kind: 'math',
            op: '*',
            left: { kind: 'column', name: 'price', type: 'double' },
            right: { kind: 'constant', value: 2, type: 'int' },
            type: 'double',
          },
          right: { kind: 'parameter', index: 0, type: 'long' },
        },
      },
      right: { kind: 'isNull', operand: { kind: 'column', name: 'symbol', type: 'string' } },
    });
  });

  it('marks function calls on the row for the engine and leaves their conjuncts out', () => {
    const c = compileStructuredCondition(
      expr("T.volume > S.vol and coalesce(T.symbol, 'x') == 'GOOG' and S.sym == 'IBM'"),
      schema,
      options,
    );
    expect(c.residual).toBe(true);
    const tree = c.tree as Pair;
    const inner = tree.left as Pair;
    expect(inner.right).toMatchObject({
      kind: 'compare',
      left: { kind: 'engine', type: 'string' },
      right: { kind: 'constant', value: 'GOOG' },
    });
    // a function of the matching event alone is a parameter: the engine computes it
    expect(tree.right).toEqual({ kind: 'parameter', index: 1, type: 'bool' });
    expect(c.pushed).toEqual({
      kind: 'and',
      left: {
        kind: 'compare',
        op: '>',
        left: { kind: 'column', name: 'volume', type: 'long' },
        right: { kind: 'parameter', index: 0, type: 'long' },
      },
      right: { kind: 'parameter', index: 1, type: 'bool' },
    });
  });
});

/** A test store that records what it was asked and may refuse every condition. */
function spyTable(refuse: boolean): { table: Table; asked: unknown[][] } {
  const inner = new TestStoreTable(schema, { appName: 'A', logger });
  const asked: unknown[][] = [];
  let built = false;
  const records: RecordTable = {
    compileCondition: (c) => {
      if (refuse && built && c !== undefined) return null;
      return inner.compileCondition(c);
    },
    compileUpdateSet: (s) => inner.compileUpdateSet(s),
    add: (r) => {
      inner.add(r);
    },
    find: (c, p) => {
      asked.push([...p]);
      return inner.find(c as never, p);
    },
    contains: (c, p) => inner.contains(c as never, p),
    delete: (c, p) => {
      inner.delete(c as never, p);
    },
    update: (c, p, s, sp) => {
      inner.update(c as never, p, s as never, sp);
    },
    updateOrAdd: (c, p, s, sp, r) => {
      inner.updateOrAdd(c as never, p, s as never, sp, r);
    },
  };
  const table = new RecordTableAdapter(schema, records);
  built = true;
  table.add([
    ['IBM', 75.5, 100],
    ['WSO2', 57.6, 10],
    ['GOOG', 50, 30],
  ]);
  return { table, asked };
}

describe('RecordTableAdapter', () => {
  it('passes the parameters computed from the matching event to the store', () => {
    const { table, asked } = spyTable(false);
    const cond = table.compileCondition(expr('T.symbol == S.sym'), options);
    expect(table.find(cond, event('WSO2', 0))).toEqual([['WSO2', 57.6, 10]]);
    expect(asked).toEqual([['WSO2']]);
    expect(table.contains(cond, event('ORCL', 0))).toBe(false);
  });

  it('filters in the engine what the store cannot express', () => {
    const { table, asked } = spyTable(false);
    const cond = table.compileCondition(
      expr("T.volume >= S.vol and coalesce(T.symbol, 'x') == 'GOOG'"),
      options,
    );
    expect(table.find(cond, event('', 20))).toEqual([['GOOG', 50, 30]]);
    expect(asked).toEqual([[20]]);
    table.delete(cond, [event('', 20)]);
    expect(table.all()).toEqual([
      ['IBM', 75.5, 100],
      ['WSO2', 57.6, 10],
    ]);
  });

  it('scans and filters when the store cannot translate the condition', () => {
    const { table, asked } = spyTable(true);
    const cond = table.compileCondition(expr('T.price > 55 and T.symbol != S.sym'), options);
    expect(table.find(cond, event('IBM', 0))).toEqual([['WSO2', 57.6, 10]]);
    expect(asked).toEqual([[]]);
  });

  it('updates through the store, or with values the engine computes', () => {
    const { table } = spyTable(false);
    const byKey = table.compileCondition(expr('T.symbol == S.sym'), options);
    const pushed = table.compileUpdateSet(
      [
        { target: { kind: 'variable', attribute: 'volume' }, value: expr('T.volume + S.vol') },
      ] as never,
      { ...options, matchingAttributes: ['sym', 'vol'] },
    );
    table.update(byKey, [event('IBM', 5)], pushed);
    const computed = table.compileUpdateSet(
      [
        {
          target: { kind: 'variable', attribute: 'symbol' },
          value: expr("ifThenElse(T.volume > 5, 'WSO2!', T.symbol)"),
        },
      ] as never,
      { ...options, matchingAttributes: ['sym', 'vol'] },
    );
    table.update(byKey, [event('WSO2', 0)], computed);
    table.updateOrAdd(byKey, [event('ORCL', 1)], computed, (m) => [m.data[0], 1, m.data[1]]);
    expect(table.all()).toEqual([
      ['IBM', 75.5, 105],
      ['WSO2!', 57.6, 10],
      ['GOOG', 50, 30],
      ['ORCL', 1, 1],
    ]);
  });

  it('is the engine table of the testStoreContainingInMemoryTable store', () => {
    expect(testStore.type).toBe('testStoreContainingInMemoryTable');
    const table = testStore.create(schema, { appName: 'A', logger });
    table.add([['IBM', 1, 2]]);
    const snapshot = table.snapshot();
    table.add([['X', 1, 2]]);
    table.restore(snapshot);
    expect(table.all()).toEqual([['IBM', 1, 2]]);
  });
});
