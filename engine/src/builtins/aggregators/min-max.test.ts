// Unit tests for `max`/`min`: window extremum with removes (tracked and untracked), nulls,
// resets and snapshots; cases from the reference engine's MaxAggregatorExtension suite.

import { describe, expect, it } from 'vitest';
import { max } from './max.js';
import { min } from './min.js';

describe('max and min', () => {
  it('have the type of their numeric argument', () => {
    expect(max.create(['int']).returnType).toBe('int');
    expect(min.create(['float']).returnType).toBe('float');
    expect(() => max.create(['double', 'string'])).toThrow(/exactly 1/);
    expect(() => min.create(['string'])).toThrow(/min/);
  });

  it('max over a time window gives null once it empties (testMaxAggregatorExtension1)', () => {
    const state = max.create(['double']).newState();
    expect(state.add(36.0)).toBe(36);
    expect(state.add(37.88)).toBe(37.88);
    expect(state.remove(36.0)).toBe(37.88);
    expect(state.remove(37.88)).toBeNull();
  });

  it('stays exact when removes do not come oldest first (e.g. a sort window)', () => {
    const state = max.create(['int']).newState();
    state.add(3);
    state.add(5);
    expect(state.remove(5)).toBe(3);
    const low = min.create(['int']).newState();
    low.add(5);
    low.add(3);
    low.add(3);
    expect(low.remove(3)).toBe(3);
    expect(low.remove(3)).toBe(5);
  });

  it('skip nulls and reset to null', () => {
    const state = min.create(['long']).newState();
    expect(state.add(null)).toBeNull();
    expect(state.add(9)).toBe(9);
    expect(state.add(null)).toBe(9);
    expect(state.remove(null)).toBe(9);
    expect(state.reset()).toBeNull();
    expect(state.add(11)).toBe(11);
  });

  it('without removes to undo, keep only the value and clear it when it is removed', () => {
    const state = max.create(['double'], { removes: false }).newState();
    state.add(1);
    expect(state.add(4)).toBe(4);
    expect(state.remove(1)).toBe(4);
    expect(state.remove(4)).toBeNull();
    const low = min.create(['double'], { removes: false }).newState();
    low.add(2);
    expect(low.add(-1)).toBe(-1);
    const copy = min.create(['double'], { removes: false }).newState();
    copy.restore(JSON.parse(JSON.stringify(low.snapshot())));
    expect(copy.add(0)).toBe(-1);
  });

  it('fail on a non-numeric value', () => {
    expect(() => max.create(['int']).newState().add('7')).toThrow(TypeError);
  });

  it('round-trip their snapshot through JSON', () => {
    const state = max.create(['int']).newState();
    state.add(3);
    state.add(8);
    state.add(8);
    const copy = max.create(['int']).newState();
    copy.restore(JSON.parse(JSON.stringify(state.snapshot())));
    expect(copy.remove(8)).toBe(8);
    expect(copy.remove(8)).toBe(3);
  });
});
