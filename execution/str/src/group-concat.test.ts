// Unit tests of the str:groupConcat aggregator states: Siddhi's grouping of equal keys,
// distinct and sorted output, removal, reset and snapshots.

import type { AttributeType } from '@tributary/engine';
import type { AggregatorArgument, AggregatorState } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { groupConcat } from './group-concat.js';

function state(args: readonly AggregatorArgument[]): AggregatorState {
  if (groupConcat.kind !== 'aggregator') throw new Error('kind');
  const types: AttributeType[] = args.map((a) => a.type);
  const instance = groupConcat.spec.create(types, { arguments: args });
  expect(instance.returnType).toBe('string');
  return instance.newState();
}

const key = { type: 'string', constant: false } as const;
const sep = { type: 'string', constant: false } as const;

describe('str:groupConcat', () => {
  it('keeps equal keys together at their first position', () => {
    const s = state([key]);
    expect(s.add('A')).toBe('A');
    expect(s.add('B')).toBe('A,B');
    s.add('S');
    s.add('C');
    expect(s.add('A')).toBe('A,A,B,S,C');
    expect(s.remove('A')).toBe('A,B,S,C');
    expect(s.remove('A')).toBe('B,S,C');
    expect(s.add('A')).toBe('B,S,C,A');
  });

  it('skips null keys alone, prints them as null with a separator', () => {
    const alone = state([key]);
    expect(alone.add(null)).toBe('');
    expect(alone.add('x')).toBe('x');
    expect(alone.remove(null)).toBe('x');
    const separated = state([key, sep]);
    expect(separated.add(null, '|')).toBe('null');
    expect(separated.add('y', '|')).toBe('null|y');
  });

  it('sorts and de-duplicates with constant distinct and order', () => {
    const asc = state([
      key,
      sep,
      { type: 'bool', constant: true, value: true },
      { type: 'string', constant: true, value: 'ASC' },
    ]);
    for (const k of ['A', 'B', 'S', 'C']) asc.add(k, '-');
    expect(asc.add('A', '-')).toBe('A-B-C-S');
    const desc = state([
      key,
      sep,
      { type: 'bool', constant: true, value: false },
      { type: 'string', constant: true, value: 'desc' },
    ]);
    for (const k of ['A', 'B', 'a']) desc.add(k, ';');
    expect(desc.add('B', ';')).toBe('a;B;B;A');
  });

  it('resets to the empty string and restores snapshots', () => {
    const s = state([key, sep, { type: 'bool', constant: true, value: true }]);
    s.add('x', '+');
    s.add('y', '+');
    s.add('x', '+');
    const snapshot = JSON.parse(JSON.stringify(s.snapshot())) as unknown;
    expect(s.reset()).toBe('');
    const copy = state([key, sep, { type: 'bool', constant: true, value: true }]);
    copy.restore(snapshot);
    expect(copy.add('z', '+')).toBe('x+y+z');
    expect(copy.remove('x', '+')).toBe('x+y+z');
    expect(copy.remove('x', '+')).toBe('y+z');
    expect(() => {
      copy.restore(null);
    }).toThrow(/not a snapshot/);
  });
});
