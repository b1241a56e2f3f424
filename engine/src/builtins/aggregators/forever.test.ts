// Unit tests for `maxForever`/`minForever`, with cases from the reference engine's
// MaxForeverAggregatorExtension suite.

import { describe, expect, it } from 'vitest';
import { maxForever } from './max-forever.js';
import { minForever } from './min-forever.js';

describe('maxForever and minForever', () => {
  it('have the type of their numeric argument', () => {
    expect(maxForever.create(['long']).returnType).toBe('long');
    expect(minForever.create(['double']).returnType).toBe('double');
    expect(() => maxForever.create(['int', 'double', 'double'])).toThrow(/exactly 1/);
  });

  it('keep the largest value ever seen (testMaxForeverAggregatorExtension1)', () => {
    const state = maxForever.create(['double']).newState();
    const out = [36, 37.88, 39, 36.88, 38.12, 38.12].map((v) => state.add(v));
    expect(out).toEqual([36, 37.88, 39, 39, 39, 39]);
  });

  it('skip a leading null (maxForeverAttributeAggregatorTest7)', () => {
    const state = maxForever.create(['double']).newState();
    expect(state.add(null)).toBeNull();
    expect(state.add(30)).toBe(30);
  });

  it('take removed values in like added ones and keep the value on reset', () => {
    const state = minForever.create(['int']).newState();
    state.add(5);
    expect(state.remove(5)).toBe(5);
    expect(state.remove(2)).toBe(2);
    expect(state.reset()).toBe(2);
    expect(state.add(3)).toBe(2);
  });

  it('round-trip their snapshot through JSON', () => {
    const state = maxForever.create(['int']).newState();
    state.add(78);
    const copy = maxForever.create(['int']).newState();
    copy.restore(JSON.parse(JSON.stringify(state.snapshot())));
    expect(copy.add(9)).toBe(78);
    const empty = minForever.create(['int']).newState();
    const emptyCopy = minForever.create(['int']).newState();
    emptyCopy.restore(JSON.parse(JSON.stringify(empty.snapshot())));
    expect(emptyCopy.add(null)).toBeNull();
  });
});
