// Unit tests of the in-memory table: keyed lookups (primary key, composite key, index) that do
// not scan, scans otherwise, duplicates, updates (with primary key clashes), snapshots.

import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../compiler/parse.js';
import type { Expression, SetAssignment } from '../../query-api/index.js';
import { NO_SPAN } from '../../query-api/index.js';
import { builtinFunctionLookup } from '../../builtins/functions/index.js';
import type { Logger } from '../app/logger.js';
import type { StreamEvent } from '../event/event.js';
import { rowScope } from '../expression/row-scope.js';
import type { FunctionContext } from '../expression/types.js';
import { InMemoryTable } from './in-memory-table.js';
import type { TableSchema } from './table.js';

const functions: FunctionContext = { clock: { now: () => 0 }, functions: builtinFunctionLookup };
const matching = rowScope(
  [
    { name: 'sym', type: 'string' },
    { name: 'vol', type: 'long' },
  ],
  ['S'],
);

function expr(text: string): Expression {
  const parsed = parseExpression(text);
  if (parsed.expression === undefined) throw new Error(`bad expression ${text}`);
  return parsed.expression;
}

function event(sym: string, vol: number): StreamEvent {
  return { timestamp: 0, type: 'current', data: [sym, vol] };
}

function table(
  keys: Partial<Pick<TableSchema, 'primaryKey' | 'indexes'>> = {},
  lines: string[] = [],
): InMemoryTable {
  const logger: Logger = {
    log: (_level, message) => {
      lines.push(message);
    },
  };
  return new InMemoryTable(
    {
      id: 'T',
      attributes: [
        { name: 'symbol', type: 'string' },
        { name: 'price', type: 'double' },
        { name: 'volume', type: 'long' },
      ],
      primaryKey: keys.primaryKey ?? [],
      indexes: keys.indexes ?? [],
    },
    { appName: 'A', logger },
  );
}

const ROWS = [
  ['IBM', 75.5, 100],
  ['WSO2', 55.5, 200],
  ['GOOG', 90.5, 100],
];

function condition(t: InMemoryTable, text: string) {
  return t.compileCondition<StreamEvent>(expr(text), { tableNames: ['T'], matching, functions });
}

describe('InMemoryTable lookups', () => {
  it('looks rows up by primary key without scanning', () => {
    const t = table({ primaryKey: [0] });
    t.add(ROWS);
    const byKey = condition(t, 'T.symbol == S.sym and T.price > 10');
    expect(byKey.strategy).toBe('primaryKey');
    expect(t.find(byKey, event('WSO2', 0))).toEqual([['WSO2', 55.5, 200]]);
    expect(t.find(byKey, event('NONE', 0))).toEqual([]);
    expect(t.contains(byKey, event('IBM', 0))).toBe(true);
    expect(t.statistics.scans).toBe(0);
    expect(t.statistics.rowsVisited).toBe(2);
  });

  it('uses a composite primary key only when every part is pinned', () => {
    const t = table({ primaryKey: [0, 2] });
    t.add(ROWS);
    const both = condition(t, 'S.vol == T.volume and T.symbol == sym');
    expect(both.strategy).toBe('primaryKey');
    expect(t.find(both, event('GOOG', 100))).toEqual([['GOOG', 90.5, 100]]);
    expect(t.statistics.scans).toBe(0);
    const part = condition(t, 'T.symbol == sym');
    expect(part.strategy).toBe('scan');
    expect(t.find(part, event('GOOG', 100))).toEqual([['GOOG', 90.5, 100]]);
    expect(t.statistics.scans).toBe(1);
  });

  it('uses an index for equality and scans for other conditions', () => {
    const t = table({ indexes: [2] });
    t.add(ROWS);
    const byIndex = condition(t, 'T.volume == vol');
    expect(byIndex.strategy).toBe('index');
    expect(t.find(byIndex, event('', 100))).toEqual([ROWS[0], ROWS[2]]);
    expect(t.statistics).toEqual({ scans: 0, rowsVisited: 2 });
    const range = condition(t, 'T.volume > vol');
    expect(range.strategy).toBe('scan');
    expect(t.find(range, event('', 100))).toEqual([ROWS[1]]);
    expect(t.statistics.scans).toBe(1);
  });

  it('does not use a key compared with the table itself', () => {
    const t = table({ primaryKey: [0] });
    expect(condition(t, 'T.symbol == T.symbol').strategy).toBe('scan');
  });

  it('reads unqualified names from the matching event first', () => {
    const t = table();
    t.add(ROWS);
    // `symbol` is not an attribute of S: it is the table's
    expect(t.find(condition(t, "symbol == 'IBM'"), event('', 0))).toEqual([ROWS[0]]);
    // `sym` is S's: true for every row when the event's sym is IBM
    expect(t.find(condition(t, "sym == 'IBM'"), event('IBM', 0))).toHaveLength(3);
  });

  it('finds every row without a condition, without a matching event', () => {
    const t = table();
    t.add(ROWS);
    const all = t.compileCondition(undefined, { tableNames: ['T'], functions });
    expect(t.find(all, null)).toEqual(ROWS);
  });
});

describe('InMemoryTable changes', () => {
  it('drops and logs rows breaking the primary key', () => {
    const lines: string[] = [];
    const t = table({ primaryKey: [0] }, lines);
    t.add([...ROWS, ['IBM', 1, 1]]);
    expect(t.size).toBe(3);
    expect(lines[0]).toMatch(/already an event stored with primary key 'IBM'/);
  });

  it('deletes and updates by condition, keeping indexes right', () => {
    const t = table({ indexes: [2] });
    t.add(ROWS);
    const on = condition(t, 'T.symbol == sym');
    const set: SetAssignment[] = [
      {
        kind: 'set',
        span: NO_SPAN,
        target: { kind: 'variable', span: NO_SPAN, stream: 'T', attribute: 'volume' },
        value: expr('vol + T.volume'),
      },
    ];
    t.update(
      on,
      [event('IBM', 5)],
      t.compileUpdateSet(set, {
        tableNames: ['T'],
        matching,
        functions,
        matchingAttributes: ['sym', 'vol'],
      }),
    );
    const byVolume = condition(t, 'T.volume == vol');
    expect(t.find(byVolume, event('', 105))).toEqual([['IBM', 75.5, 105]]);
    expect(t.find(byVolume, event('', 100))).toEqual([['GOOG', 90.5, 100]]);
    t.delete(on, [event('GOOG', 0)]);
    expect(t.find(byVolume, event('', 100))).toEqual([]);
    expect(t.size).toBe(2);
  });

  it('does not apply an update that would clash on the primary key', () => {
    const lines: string[] = [];
    const t = table({ primaryKey: [0] }, lines);
    t.add(ROWS);
    const set = t.compileUpdateSet(undefined, {
      tableNames: ['T'],
      matching: rowScope([{ name: 'symbol', type: 'string' }], ['S']),
      functions,
      matchingAttributes: ['symbol'],
    });
    const on = t.compileCondition<StreamEvent>(expr("T.symbol == 'WSO2'"), {
      tableNames: ['T'],
      functions,
    });
    t.update(on, [{ timestamp: 0, type: 'current', data: ['IBM'] }], set);
    expect(lines[0]).toMatch(/update failed/);
    expect(t.all()).toContainEqual(['WSO2', 55.5, 200]);
    t.update(on, [{ timestamp: 0, type: 'current', data: ['MSFT'] }], set);
    const byKey = condition(t, 'T.symbol == sym');
    expect(t.find(byKey, event('MSFT', 0))).toEqual([['MSFT', 55.5, 200]]);
    expect(t.find(byKey, event('WSO2', 0))).toEqual([]);
  });

  it('updates or adds each matching event in turn', () => {
    const t = table();
    const on = condition(t, 'T.volume == vol');
    const set = t.compileUpdateSet(undefined, {
      tableNames: ['T'],
      matching,
      functions,
      matchingAttributes: ['sym', 'vol'],
    });
    const toRow = (e: StreamEvent) => [e.data[0], 1.5, e.data[1]];
    t.updateOrAdd(on, [event('A', 1), event('B', 1), event('C', 2)], set, toRow);
    expect(t.all()).toEqual([
      ['A', 1.5, 1],
      ['C', 1.5, 2],
    ]);
  });

  it('restores a snapshot', () => {
    const t = table({ primaryKey: [0], indexes: [2] });
    t.add(ROWS);
    const saved = t.snapshot();
    t.delete(t.compileCondition(undefined, { tableNames: ['T'], functions }), [event('', 0)]);
    expect(t.size).toBe(0);
    t.restore(saved);
    expect(t.size).toBe(3);
    expect(t.find(condition(t, 'T.volume == vol'), event('', 200))).toEqual([ROWS[1]]);
  });

  it('orders primary-key tables as Siddhi does', () => {
    const byString = table({ primaryKey: [0] });
    byString.add([ROWS[1] ?? [], ROWS[0] ?? []]);
    expect(byString.all().map((r) => r[0])).toEqual(['IBM', 'WSO2']);
    const byNumber = table({ primaryKey: [2] });
    byNumber.add([
      ['A', 1, 300],
      ['B', 1, 100],
      ['C', 1, 200],
    ]);
    expect(byNumber.all().map((r) => r[2])).toEqual([100, 200, 300]);
  });
});
