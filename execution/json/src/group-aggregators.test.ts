// Tests of json:group and json:groupAsObject: grouping with counts, distinct and enclosing
// elements, removals, reset and snapshot/restore.

import type { AttributeType } from '@tributary/engine';
import type { AggregatorState, Extension } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { groupAggregator, groupAsObjectAggregator } from './group-aggregators.js';

function state(extension: Extension, argTypes: AttributeType[]): AggregatorState {
  if (extension.kind !== 'aggregator') throw new Error('not an aggregator');
  return extension.spec.create(argTypes).newState();
}

const A = '{"date":"2013-11-19","time":"10:30"}';
const B = '{"date":"2013-11-19","time":"12:20"}';

describe('json:group', () => {
  it('returns the JSON array of the elements, equal ones together', () => {
    const s = state(groupAggregator, ['string']);
    expect(s.add(A)).toBe(`[${A}]`);
    expect(s.add(B)).toBe(`[${A},${B}]`);
    expect(s.add('{"time":"10:30","date":"2013-11-19"}')).toBe(`[${A},${A},${B}]`);
  });

  it('removes exactly the expired element', () => {
    const s = state(groupAggregator, ['string']);
    s.add(A);
    s.add(B);
    s.add(A);
    expect(s.remove(A)).toBe(`[${A},${B}]`);
    expect(s.remove(B)).toBe(`[${A}]`);
    expect(s.reset()).toBeNull();
  });

  it('supports distinct and an enclosing element', () => {
    const distinct = state(groupAggregator, ['string', 'bool']);
    distinct.add(A, true);
    expect(distinct.add(A, true)).toBe(`[${A}]`);
    const enclosed = state(groupAggregator, ['string', 'string', 'bool']);
    enclosed.add(A, 'result', true);
    expect(enclosed.add(A, 'result', true)).toBe(`{"result":[${A}]}`);
    const enclosedAll = state(groupAggregator, ['string', 'string']);
    enclosedAll.add(A, 'result');
    expect(enclosedAll.add(B, 'result')).toBe(`{"result":[${A},${B}]}`);
  });

  it('restores from a snapshot', () => {
    const s = state(groupAggregator, ['string', 'string']);
    s.add(A, 'r');
    s.add(A, 'r');
    const restored = state(groupAggregator, ['string', 'string']);
    restored.restore(structuredClone(s.snapshot()));
    expect(restored.remove(A, 'r')).toBe(`{"r":[${A}]}`);
    expect(() => {
      restored.restore(42);
    }).toThrow(/not a snapshot/);
  });
});

describe('json:groupAsObject', () => {
  it('returns the array as an object', () => {
    const s = state(groupAsObjectAggregator, ['object']);
    s.add({ a: 1 });
    expect(s.add(new Map([['b', 2]]))).toEqual([{ a: 1 }, { b: 2 }]);
  });
});
