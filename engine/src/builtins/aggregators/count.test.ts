// Unit tests for `count`: every event counts (nulls too), removes, resets and snapshots.

import { describe, expect, it } from 'vitest';
import { count } from './count.js';

describe('count', () => {
  it('is a long with zero or one argument of any type', () => {
    expect(count.create([]).returnType).toBe('long');
    expect(count.create(['string']).returnType).toBe('long');
    expect(() => count.create(['int', 'int'])).toThrow(/at most 1/);
  });

  it('counts events, null arguments included, and undoes removes', () => {
    const state = count.create(['double']).newState();
    expect(state.add()).toBe(1);
    expect(state.add(null)).toBe(2);
    expect(state.add(7)).toBe(3);
    expect(state.remove(7)).toBe(2);
    expect(state.remove(null)).toBe(1);
    expect(state.remove()).toBe(0);
  });

  it('resets to 0', () => {
    const state = count.create([]).newState();
    state.add();
    state.add();
    expect(state.reset()).toBe(0);
    expect(state.add()).toBe(1);
  });

  it('round-trips its snapshot through JSON', () => {
    const state = count.create([]).newState();
    state.add();
    state.add();
    const copy = count.create([]).newState();
    copy.restore(JSON.parse(JSON.stringify(state.snapshot())));
    expect(copy.add()).toBe(3);
  });
});
