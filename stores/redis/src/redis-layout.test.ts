// How conditions find rows in Redis (key, index or scan) and how values are kept in hashes;
// and the evaluator that filters what a lookup found, with the engine's semantics.

import type { StructuredCondition } from '@tributary/engine';
import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue, keysOf, planOf, type TableLayout } from './redis-layout.js';
import { evaluable, evaluate } from './structured-evaluator.js';

const layout: TableLayout = {
  name: 'Stock',
  attributes: [
    { name: 'symbol', type: 'string' },
    { name: 'price', type: 'float' },
    { name: 'volume', type: 'long' },
  ],
  primaryKey: [0],
  indexes: [2],
  ttlSeconds: -1,
  ttlOnUpdate: false,
  ttlOnRead: false,
};
const symbol = { kind: 'column', name: 'symbol', type: 'string' } as const;
const volume = { kind: 'column', name: 'volume', type: 'long' } as const;
const price = { kind: 'column', name: 'price', type: 'float' } as const;
const p0 = { kind: 'parameter', index: 0, type: 'string' } as const;

describe('planOf', () => {
  it('looks a row up by its whole primary key', () => {
    const byKey: StructuredCondition = {
      kind: 'and',
      left: {
        kind: 'compare',
        op: '>',
        left: price,
        right: { kind: 'constant', value: 1, type: 'double' },
      },
      right: { kind: 'compare', op: '==', left: p0, right: symbol },
    };
    expect(planOf(layout, byKey).lookup).toEqual({ kind: 'key', values: [p0] });
  });

  it('uses an index when the key is not pinned, and scans otherwise', () => {
    const v = { kind: 'constant', value: 5, type: 'long' } as const;
    expect(planOf(layout, { kind: 'compare', op: '==', left: volume, right: v }).lookup).toEqual({
      kind: 'index',
      attribute: 'volume',
      value: v,
    });
    const or: StructuredCondition = {
      kind: 'or',
      left: { kind: 'compare', op: '==', left: symbol, right: p0 },
      right: { kind: 'compare', op: '==', left: volume, right: v },
    };
    expect(planOf(layout, or).lookup).toEqual({ kind: 'all' });
    expect(planOf(layout, undefined)).toEqual({ lookup: { kind: 'all' }, filter: undefined });
  });

  it('keeps hash tags so a table lives in one cluster slot', () => {
    expect(keysOf('Stock').row('["IBM"]')).toBe('{Stock}:row:["IBM"]');
    expect(keysOf('Stock').index('volume', '5')).toBe('{Stock}:idx:volume:5');
  });
});

describe('values in hashes', () => {
  it('round-trip every attribute type; null is no field', () => {
    const cases = [
      ['a', 'string'],
      [7, 'int'],
      [2 ** 40, 'long'],
      [Math.fround(1.1), 'float'],
      [2.5, 'double'],
      [false, 'bool'],
      [{ a: [1] }, 'object'],
    ] as const;
    for (const [value, type] of cases) {
      expect(decodeValue(encodeValue(value, type) ?? undefined, type)).toEqual(value);
    }
    expect(encodeValue(null, 'int')).toBeNull();
    expect(decodeValue(undefined, 'string')).toBeNull();
  });
});

describe('evaluate', () => {
  const row = { symbol: 'IBM', price: Math.fround(75.6), volume: 100 };
  it('compares with null as false, under not too', () => {
    const isIbm: StructuredCondition = { kind: 'compare', op: '==', left: symbol, right: p0 };
    expect(evaluate(isIbm, { row, params: ['IBM'] })).toBe(true);
    expect(evaluate(isIbm, { row, params: [null] })).toBe(false);
    expect(evaluate({ kind: 'not', operand: isIbm }, { row, params: [null] })).toBe(true);
    expect(
      evaluate({ kind: 'compare', op: '!=', left: symbol, right: p0 }, { row, params: [null] }),
    ).toBe(false);
  });

  it('does integer arithmetic as Java does, and rounds float comparisons to 32 bits', () => {
    const half: StructuredCondition = {
      kind: 'math',
      op: '/',
      left: volume,
      right: { kind: 'constant', value: 0, type: 'long' },
      type: 'long',
    };
    expect(evaluate(half, { row, params: [] })).toBeNull();
    expect(
      evaluate(
        {
          kind: 'math',
          op: '/',
          left: volume,
          right: { kind: 'constant', value: 3, type: 'long' },
          type: 'long',
        },
        { row, params: [] },
      ),
    ).toBe(33);
    expect(
      evaluate(
        {
          kind: 'compare',
          op: '==',
          left: price,
          right: { kind: 'constant', value: 75.6, type: 'double' },
        },
        { row, params: [] },
      ),
    ).toBe(false);
    expect(
      evaluable({
        kind: 'engine',
        type: 'bool',
        source: {
          kind: 'constant',
          span: {
            start: { line: 1, column: 1, offset: 0 },
            end: { line: 1, column: 1, offset: 0 },
          },
          type: 'bool',
          value: true,
        },
      }),
    ).toBe(false);
  });
});
