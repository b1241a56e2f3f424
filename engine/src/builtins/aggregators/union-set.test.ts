// Unit tests for `unionSet`: counted unions under removes, untracked mode, resets, snapshots.

import { describe, expect, it } from 'vitest';
import { unionSet } from './union-set.js';

describe('unionSet', () => {
  it('is an object over one object argument', () => {
    expect(unionSet.create(['object']).returnType).toBe('object');
    expect(() => unionSet.create(['string'])).toThrow(/unionSet/);
  });

  it('unions sets and keeps an element while any set in the window holds it', () => {
    const state = unionSet.create(['object']).newState();
    state.add(new Set(['IBM']));
    expect(state.add(new Set(['IBM', 'WSO2']))).toEqual(new Set(['IBM', 'WSO2']));
    expect(state.remove(new Set(['IBM']))).toEqual(new Set(['IBM', 'WSO2']));
    expect(state.remove(new Set(['IBM', 'WSO2']))).toEqual(new Set());
    state.add(new Set(['IBM']));
    expect(state.add(new Set(['IBM']))).toEqual(new Set(['IBM']));
    expect(state.remove(new Set(['IBM']))).toEqual(new Set(['IBM']));
  });

  it('returns a fresh Set each time', () => {
    const state = unionSet.create(['object']).newState();
    const first = state.add(new Set([1]));
    state.add(new Set([2]));
    expect(first).toEqual(new Set([1]));
  });

  it('without removes to undo, drops an element on any remove of it', () => {
    const state = unionSet.create(['object'], { removes: false }).newState();
    state.add(new Set(['a']));
    state.add(new Set(['a', 'b']));
    expect(state.remove(new Set(['a']))).toEqual(new Set(['b']));
  });

  it('resets to an empty set and fails on a non-set', () => {
    const state = unionSet.create(['object']).newState();
    state.add(new Set(['x']));
    expect(state.reset()).toEqual(new Set());
    expect(() => state.add(['x'])).toThrow(TypeError);
    expect(() => state.add(null)).toThrow(TypeError);
  });

  it('round-trips its snapshot through JSON', () => {
    const state = unionSet.create(['object']).newState();
    state.add(new Set(['a', 'b']));
    state.add(new Set(['a']));
    const copy = unionSet.create(['object']).newState();
    copy.restore(JSON.parse(JSON.stringify(state.snapshot())));
    expect(copy.remove(new Set(['a', 'b']))).toEqual(new Set(['a']));
  });
});
