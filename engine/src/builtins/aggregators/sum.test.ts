// Unit tests for `sum`: types, nulls, removes, resets and snapshots.

import { describe, expect, it } from 'vitest';
import { sum } from './sum.js';

describe('sum', () => {
  it('returns long for int/long and double for float/double', () => {
    expect(sum.create(['int']).returnType).toBe('long');
    expect(sum.create(['long']).returnType).toBe('long');
    expect(sum.create(['float']).returnType).toBe('double');
    expect(sum.create(['double']).returnType).toBe('double');
  });

  it('rejects non-numeric or several arguments', () => {
    expect(() => sum.create(['string'])).toThrow(/sum/);
    expect(() => sum.create(['int', 'int'])).toThrow(/exactly 1/);
    expect(() => sum.create([])).toThrow(/exactly 1/);
  });

  it('adds and removes, giving null once removes empty it', () => {
    const state = sum.create(['int']).newState();
    expect(state.add(3)).toBe(3);
    expect(state.add(4)).toBe(7);
    expect(state.remove(3)).toBe(4);
    expect(state.remove(4)).toBeNull();
    expect(state.add(5)).toBe(5);
  });

  it('skips nulls: null before any value, else the current sum', () => {
    const state = sum.create(['double']).newState();
    expect(state.add(null)).toBeNull();
    expect(state.add(1.5)).toBe(1.5);
    expect(state.add(null)).toBe(1.5);
    expect(state.remove(null)).toBe(1.5);
  });

  it('sums 32-bit float values as doubles', () => {
    const state = sum.create(['float']).newState();
    state.add(Math.fround(700));
    expect(state.add(Math.fround(60.5))).toBe(760.5);
    const other = sum.create(['float']).newState();
    expect(other.add(Math.fround(75.6))).toBeCloseTo(75.5999984741211, 12);
  });

  it('resets to 0 for long sums and null for double sums, as Siddhi does', () => {
    const long = sum.create(['long']).newState();
    long.add(10);
    expect(long.reset()).toBe(0);
    expect(long.add(null)).toBeNull();
    const double = sum.create(['double']).newState();
    double.add(10);
    expect(double.reset()).toBeNull();
    expect(double.add(2)).toBe(2);
  });

  it('fails on a value of the wrong type without changing the state', () => {
    const state = sum.create(['double']).newState();
    state.add(2);
    expect(() => state.add('abc')).toThrow(TypeError);
    expect(state.add(1)).toBe(3);
  });

  it('round-trips its snapshot through JSON', () => {
    const state = sum.create(['long']).newState();
    state.add(5);
    state.add(6);
    const copy = sum.create(['long']).newState();
    copy.restore(JSON.parse(JSON.stringify(state.snapshot())));
    expect(copy.remove(5)).toBe(6);
    expect(copy.remove(6)).toBeNull();
  });
});
