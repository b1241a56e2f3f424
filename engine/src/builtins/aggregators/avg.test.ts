// Unit tests for `avg`: a double mean over non-null values, removes, resets and snapshots.

import { describe, expect, it } from 'vitest';
import { avg } from './avg.js';

describe('avg', () => {
  it('is a double for every numeric argument type', () => {
    for (const type of ['int', 'long', 'float', 'double'] as const) {
      expect(avg.create([type]).returnType).toBe('double');
    }
    expect(() => avg.create(['bool'])).toThrow(/avg/);
  });

  it('averages, undoes removes and is null when empty', () => {
    const state = avg.create(['int']).newState();
    expect(state.add(null)).toBeNull();
    expect(state.add(1)).toBe(1);
    expect(state.add(2)).toBe(1.5);
    expect(state.add(null)).toBe(1.5);
    expect(state.remove(1)).toBe(2);
    expect(state.remove(2)).toBeNull();
  });

  it('resets to null', () => {
    const state = avg.create(['double']).newState();
    state.add(4);
    expect(state.reset()).toBeNull();
    expect(state.add(2)).toBe(2);
  });

  it('fails on a non-numeric value', () => {
    expect(() => avg.create(['double']).newState().add(true)).toThrow(TypeError);
  });

  it('round-trips its snapshot through JSON', () => {
    const state = avg.create(['double']).newState();
    state.add(1);
    state.add(3);
    const copy = avg.create(['double']).newState();
    copy.restore(JSON.parse(JSON.stringify(state.snapshot())));
    expect(copy.add(5)).toBe(3);
  });
});
