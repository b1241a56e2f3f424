// Tests of map:collect and map:merge: overriding, removal of exactly the expired contribution,
// reset and snapshot/restore.

import type { AggregatorState, Extension } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { collectAggregator, mergeAggregator } from './map-aggregators.js';

function state(extension: Extension): AggregatorState {
  if (extension.kind !== 'aggregator') throw new Error('not an aggregator');
  return extension.spec.create(['object']).newState();
}

describe('map:collect', () => {
  it('collects pairs, later values overriding', () => {
    const s = state(collectAggregator);
    s.add('IBM', 10);
    s.add('WSO2', 20);
    expect(s.add('IBM', 11)).toEqual(
      new Map<unknown, unknown>([
        ['IBM', 11],
        ['WSO2', 20],
      ]),
    );
  });

  it('removes only the expired pair, showing the older value of a key again', () => {
    const s = state(collectAggregator);
    s.add('IBM', 10);
    s.add('IBM', 11);
    expect(s.remove('IBM', 10)).toEqual(new Map([['IBM', 11]]));
    expect(s.remove('IBM', 11)).toEqual(new Map());
    s.add('IBM', 1);
    s.add('IBM', 2);
    expect(s.remove('IBM', 2)).toEqual(new Map([['IBM', 1]]));
  });

  it('returns a new map each time and an empty map on reset', () => {
    const s = state(collectAggregator);
    const first = s.add('a', 1);
    const second = s.add('b', 2);
    expect(first).not.toBe(second);
    expect(first).toEqual(new Map([['a', 1]]));
    expect(s.reset()).toEqual(new Map());
  });

  it('restores from a snapshot', () => {
    const s = state(collectAggregator);
    s.add('a', 1);
    s.add('a', 2);
    const restored = state(collectAggregator);
    restored.restore(structuredClone(s.snapshot()));
    expect(restored.remove('a', 1)).toEqual(new Map([['a', 2]]));
    expect(() => {
      restored.restore(null);
    }).toThrow(/not a snapshot/);
  });
});

describe('map:merge', () => {
  it('merges the held maps, later ones winning, and drops an expired map', () => {
    const s = state(mergeAggregator);
    const a = new Map<unknown, unknown>([
      ['x', 1],
      ['y', 1],
    ]);
    const b = new Map<unknown, unknown>([['x', 2]]);
    s.add(a);
    expect(s.add(b)).toEqual(
      new Map<unknown, unknown>([
        ['x', 2],
        ['y', 1],
      ]),
    );
    expect(s.remove(a)).toEqual(new Map([['x', 2]]));
    expect(() => s.add('not a map')).toThrow(/must be a map/);
  });

  it('restores from a snapshot', () => {
    const s = state(mergeAggregator);
    s.add(new Map([['x', 1]]));
    const restored = state(mergeAggregator);
    restored.restore(structuredClone(s.snapshot()));
    expect(restored.add(new Map([['y', 2]]))).toEqual(
      new Map<unknown, unknown>([
        ['x', 1],
        ['y', 2],
      ]),
    );
  });
});
