// Unit tests for the predicate index: randomized comparison with evaluating each conjunction
// directly (as the expression compiler's comparisons do), with boundary values, nulls, NaN,
// ints/floats/doubles, equality and open/closed bounds.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildPredicateIndex,
  type IndexConstraint,
  type IndexKeyKind,
  type IndexOperator,
} from './predicate-index.js';

const OPS: readonly IndexOperator[] = ['==', '<', '<=', '>', '>='];

/** What `compileComparison` computes for `value op constant` (null → false). */
function holds(kind: IndexKeyKind, value: unknown, c: IndexConstraint): boolean {
  if (value === null || value === undefined) return false;
  if (kind === 'value') return value === c.value;
  const a = kind === 'float' ? Math.fround(value as number) : (value as number);
  const b = kind === 'float' ? Math.fround(c.value as number) : (c.value as number);
  switch (c.op) {
    case '==':
      return a === b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function direct(
  kind: IndexKeyKind,
  entries: readonly IndexConstraint[][],
  value: unknown,
): number[] {
  return entries.flatMap((cs, id) => (cs.every((c) => holds(kind, value, c)) ? [id] : []));
}

function indexed(
  kind: IndexKeyKind,
  entries: readonly IndexConstraint[][],
  value: unknown,
): unknown {
  const index = buildPredicateIndex(
    kind,
    entries.map((constraints, id) => ({ id, constraints })),
  );
  if (index === undefined) throw new Error('no index');
  const result = index.match(value);
  return result === null ? null : [...result];
}

const constants = [-1e300, -2.5, -1, -0, 0, 0.1, 1, 1.5, 2, 3, 100, 1e300, Infinity, -Infinity];
const constantArb = fc.oneof(
  fc.constantFrom(...constants),
  fc.integer({ min: -20, max: 20 }),
  fc.double({ noNaN: true, min: -30, max: 30 }),
);
const constraintArb = fc.record({ op: fc.constantFrom(...OPS), value: constantArb });
const entriesArb = fc.array(fc.array(constraintArb, { minLength: 1, maxLength: 3 }), {
  minLength: 1,
  maxLength: 25,
});

describe('buildPredicateIndex', () => {
  for (const kind of ['number', 'float'] as const) {
    it(`matches exactly the entries whose conjunction holds (${kind})`, () => {
      fc.assert(
        fc.property(entriesArb, fc.array(constantArb, { maxLength: 10 }), (entries, extra) => {
          const probes: unknown[] = [null, undefined, Number.NaN, 0.1 + 0.2, 16777217, ...extra];
          for (const cs of entries) {
            for (const c of cs) {
              const v = c.value;
              const f = Math.fround(v);
              probes.push(v, f, v + 1e-9, v - 1e-9, f + 1e-7, f - 1e-7, Math.fround(v + 1e-7));
            }
          }
          const stored =
            kind === 'float'
              ? entries.map((cs) => cs.map((c) => ({ ...c, value: Math.fround(c.value) })))
              : entries;
          for (const p of probes) expect(indexed(kind, stored, p)).toEqual(direct(kind, stored, p));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('reports values the comparisons would reject (not numbers) as unindexable', () => {
    expect(indexed('number', [[{ op: '>', value: 1 }]], 'x')).toBeNull();
    expect(indexed('float', [[{ op: '>', value: 1 }]], true)).toBeNull();
  });

  it('compares float keys after rounding, as int/long against float does', () => {
    // 16777217 (an int) rounds to the float 16777216
    const entries = [[{ op: '==' as const, value: 16777216 }]];
    expect(indexed('float', entries, 16777217)).toEqual([0]);
    expect(indexed('number', entries, 16777217)).toEqual([]);
  });

  it('handles open and closed bounds at the same endpoint', () => {
    const entries: IndexConstraint[][] = [
      [{ op: '>', value: 5 }],
      [{ op: '>=', value: 5 }],
      [{ op: '<', value: 5 }],
      [{ op: '<=', value: 5 }],
      [{ op: '==', value: 5 }],
      [
        { op: '>', value: 5 },
        { op: '<', value: 5 },
      ],
    ];
    expect(indexed('number', entries, 5)).toEqual([1, 3, 4]);
    expect(indexed('number', entries, 5.5)).toEqual([0, 1]);
    expect(indexed('number', entries, 4.5)).toEqual([2, 3]);
    expect(indexed('number', entries, -0)).toEqual([2, 3]);
  });

  it('indexes equality of strings and bools, never matching null', () => {
    const entries: IndexConstraint[][] = [
      [{ op: '==', value: 'IBM' }],
      [{ op: '==', value: 'WSO2' }],
      [{ op: '==', value: 'IBM' }],
      [
        { op: '==', value: 'IBM' },
        { op: '==', value: 'WSO2' },
      ],
    ];
    expect(indexed('value', entries, 'IBM')).toEqual([0, 2]);
    expect(indexed('value', entries, 'ORCL')).toEqual([]);
    expect(indexed('value', entries, null)).toEqual([]);
    expect(indexed('value', [[{ op: '==', value: true }]], true)).toEqual([0]);
    fc.assert(
      fc.property(
        fc.array(
          fc.array(fc.constantFrom('a', 'b', 'c', true, false), { minLength: 1, maxLength: 2 }),
        ),
        fc.constantFrom('a', 'b', 'c', 'd', true, false, null),
        (values, probe) => {
          const cs = values.map((vs) => vs.map((value) => ({ op: '==' as const, value })));
          if (cs.length === 0) return;
          expect(indexed('value', cs, probe)).toEqual(direct('value', cs, probe));
        },
      ),
    );
  });

  it('refuses what it cannot reproduce: ranges on values, NaN constants', () => {
    expect(buildPredicateIndex('value', [{ id: 0, constraints: [{ op: '<', value: 'm' }] }])).toBe(
      undefined,
    );
    expect(
      buildPredicateIndex('number', [{ id: 0, constraints: [{ op: '<', value: Number.NaN }] }]),
    ).toBe(undefined);
  });
});
