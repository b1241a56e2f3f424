// Unit tests for the `and`/`or` aggregators, with the reference engine's And/Or suites'
// lengthBatch cases replayed (expired batch, reset, new batch).

import { describe, expect, it } from 'vitest';
import type { AggregatorState } from './aggregator.js';
import { and } from './and.js';
import { or } from './or.js';

/** Replays a lengthBatch(n) window; returns the value after each full batch. */
function batches(state: AggregatorState, values: readonly boolean[], n: number): unknown[] {
  const out: unknown[] = [];
  let previous: boolean[] = [];
  for (let i = 0; i + n <= values.length; i += n) {
    for (const v of previous) state.remove(v);
    state.reset();
    previous = values.slice(i, i + n);
    let last: unknown;
    for (const v of previous) last = state.add(v);
    out.push(last);
  }
  return out;
}

describe('and', () => {
  it('is a bool over one bool argument', () => {
    expect(and.create(['bool']).returnType).toBe('bool');
    expect(() => and.create(['bool', 'string'])).toThrow(/exactly 1/);
    expect(() => and.create(['int'])).toThrow(/and/);
  });

  it('replays the reference suite', () => {
    const state = () => and.create(['bool']).newState();
    expect(batches(state(), [true, true, true], 3)).toEqual([true]);
    expect(batches(state(), [false, false, false, false], 4)).toEqual([false]);
    expect(batches(state(), [false, true, false, true], 4)).toEqual([false]);
    expect(batches(state(), [false, true, true, true], 2)).toEqual([false, true]);
  });

  it('undoes removes and resets to false', () => {
    const state = and.create(['bool']).newState();
    state.add(true);
    expect(state.add(false)).toBe(false);
    expect(state.remove(false)).toBe(true);
    expect(state.remove(true)).toBe(false);
    state.add(true);
    expect(state.reset()).toBe(false);
  });

  it('fails on a non-boolean value, null included (andAggregatorTest7)', () => {
    const state = and.create(['bool']).newState();
    expect(() => state.add('True')).toThrow(TypeError);
    expect(() => state.add(null)).toThrow(TypeError);
    expect(state.add(true)).toBe(true);
  });

  it('round-trips its snapshot through JSON', () => {
    const state = and.create(['bool']).newState();
    state.add(true);
    state.add(false);
    const copy = and.create(['bool']).newState();
    copy.restore(JSON.parse(JSON.stringify(state.snapshot())));
    expect(copy.remove(false)).toBe(true);
  });
});

describe('or', () => {
  it('is a bool over one bool argument', () => {
    expect(or.create(['bool']).returnType).toBe('bool');
    expect(() => or.create(['string'])).toThrow(/or/);
  });

  it('replays the reference suite', () => {
    const state = () => or.create(['bool']).newState();
    expect(batches(state(), [true, true, true], 3)).toEqual([true]);
    expect(batches(state(), [false, false, false, false], 4)).toEqual([false]);
    expect(batches(state(), [false, true, false, true], 4)).toEqual([true]);
    expect(batches(state(), [false, false, true, true], 2)).toEqual([false, true]);
    const plain = or.create(['bool']).newState();
    expect([plain.add(true), plain.add(false)]).toEqual([true, true]);
  });

  it('undoes removes, resets to false and fails on non-booleans', () => {
    const state = or.create(['bool']).newState();
    state.add(true);
    state.add(false);
    expect(state.remove(true)).toBe(false);
    state.add(true);
    expect(state.reset()).toBe(false);
    expect(() => state.add(1)).toThrow(TypeError);
  });

  it('round-trips its snapshot through JSON', () => {
    const state = or.create(['bool']).newState();
    state.add(true);
    const copy = or.create(['bool']).newState();
    copy.restore(JSON.parse(JSON.stringify(state.snapshot())));
    expect(copy.add(false)).toBe(true);
    expect(copy.remove(true)).toBe(false);
  });
});
