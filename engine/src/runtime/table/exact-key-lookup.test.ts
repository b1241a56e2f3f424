// Unit tests of primary-key lookups decided by the key alone (`T.k == S.x` and nothing else):
// same rows as evaluating the condition, NaN never matches, other conjuncts are still checked.

import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../compiler/parse.js';
import { builtinFunctionLookup } from '../../builtins/functions/index.js';
import { silentLogger } from '../app/logger.js';
import type { StreamEvent } from '../event/event.js';
import { rowScope } from '../expression/row-scope.js';
import type { FunctionContext } from '../expression/types.js';
import { InMemoryTable } from './in-memory-table.js';

const functions: FunctionContext = { clock: { now: () => 0 }, functions: builtinFunctionLookup };
const matching = rowScope(
  [
    { name: 'sym', type: 'string' },
    { name: 'vol', type: 'long' },
  ],
  ['S'],
);

function table(key: number): InMemoryTable {
  const t = new InMemoryTable(
    {
      id: 'T',
      attributes: [
        { name: 'symbol', type: 'string' },
        { name: 'price', type: 'double' },
        { name: 'volume', type: 'long' },
      ],
      primaryKey: [key],
      indexes: [],
    },
    { appName: 'A', logger: silentLogger },
  );
  t.add([
    ['IBM', 75.5, 100],
    ['WSO2', 55.5, Number.NaN],
  ]);
  return t;
}

function condition(t: InMemoryTable, text: string) {
  const parsed = parseExpression(text);
  if (parsed.expression === undefined) throw new Error(`bad expression ${text}`);
  return t.compileCondition<StreamEvent>(parsed.expression, {
    tableNames: ['T'],
    matching,
    functions,
  });
}

const event = (sym: string, vol: number): StreamEvent => ({
  timestamp: 0,
  type: 'current',
  data: [sym, vol],
});

describe('exact primary-key lookups', () => {
  it('finds the row by key alone', () => {
    const t = table(0);
    const byKey = condition(t, 'T.symbol == S.sym');
    expect(byKey.strategy).toBe('primaryKey');
    expect(t.find(byKey, event('IBM', 0))).toEqual([['IBM', 75.5, 100]]);
    expect(t.find(byKey, event('NONE', 0))).toEqual([]);
  });

  it('still checks the other conjuncts', () => {
    const t = table(0);
    const byKey = condition(t, 'S.sym == T.symbol and T.price > 80');
    expect(t.find(byKey, event('IBM', 0))).toEqual([]);
  });

  it('never matches NaN, as == does not', () => {
    const t = table(2);
    const byKey = condition(t, 'T.volume == S.vol');
    expect(byKey.strategy).toBe('primaryKey');
    expect(t.find(byKey, event('', Number.NaN))).toEqual([]);
    expect(t.find(byKey, event('', 100))).toEqual([['IBM', 75.5, 100]]);
  });
});
