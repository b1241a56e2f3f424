// Tests of list:collect and list:merge: arrival order, distinct values, removal of exactly the
// expired contribution, reset and snapshot/restore.

import type { AggregatorState, Extension } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { collectAggregator, mergeAggregator } from './list-aggregators.js';

function state(extension: Extension): AggregatorState {
  if (extension.kind !== 'aggregator') throw new Error('not an aggregator');
  return extension.spec.create(['object']).newState();
}

describe('list:collect', () => {
  it('collects values in arrival order and removes the expired one', () => {
    const s = state(collectAggregator);
    s.add('IBM');
    s.add('WSO2');
    expect(s.add('IBM')).toEqual(['IBM', 'WSO2', 'IBM']);
    expect(s.remove('IBM')).toEqual(['WSO2', 'IBM']);
    expect(s.reset()).toEqual([]);
  });

  it('keeps a distinct value while any held event carries it', () => {
    const s = state(collectAggregator);
    s.add('IBM', true);
    s.add('WSO2', true);
    expect(s.add('IBM', true)).toEqual(['IBM', 'WSO2']);
    expect(s.remove('IBM', true)).toEqual(['WSO2', 'IBM']);
  });

  it('restores from a snapshot', () => {
    const s = state(collectAggregator);
    s.add('a', true);
    s.add('a', true);
    const restored = state(collectAggregator);
    restored.restore(structuredClone(s.snapshot()));
    expect(restored.add('b', true)).toEqual(['a', 'b']);
    expect(() => {
      restored.restore('x');
    }).toThrow(/not a snapshot/);
  });
});

describe('list:merge', () => {
  it('concatenates the held lists and drops an expired one', () => {
    const s = state(mergeAggregator);
    s.add(['a', 'b']);
    expect(s.add(['b', 'c'])).toEqual(['a', 'b', 'b', 'c']);
    expect(s.add(['c'], true)).toEqual(['a', 'b', 'c']);
    expect(s.remove(['a', 'b'])).toEqual(['b', 'c', 'c']);
    expect(() => s.add('x')).toThrow(/must be a list/);
  });
});
