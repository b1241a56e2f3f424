// Unit tests for `stdDev`, with expectations from the reference engine's StdDev suite
// (query/selector/attribute/aggregator/StdDevAttributeAggregatorExecutorTestCase).

import { describe, expect, it } from 'vitest';
import { stdDev } from './std-dev.js';

function newState() {
  return stdDev.create(['double']).newState();
}

function addAll(values: readonly number[]): unknown {
  const state = newState();
  let last: unknown = null;
  for (const value of values) last = state.add(value);
  return last;
}

describe('stdDev', () => {
  it('is a double for numeric arguments only', () => {
    expect(stdDev.create(['int']).returnType).toBe('double');
    expect(() => stdDev.create(['string'])).toThrow(/stdDev/);
    expect(() => stdDev.create(['double', 'int'])).toThrow(/exactly 1/);
  });

  it('is 0.0 for one value and for equal values (stdDevAggregatorTest2/3)', () => {
    expect(addAll([1])).toBe(0);
    expect(addAll([1, 1, 1])).toBe(0);
  });

  it('gives the population value (stdDevAggregatorTest4/5)', () => {
    expect(addAll([10000, 10000.5, 10001])).toBeCloseTo(0.408248290463863, 9);
    expect(addAll([1, 1.5, 2])).toBeCloseTo(0.408248290463863, 12);
    expect(addAll([23, 1003, 500])).toBe(400.13025656931046);
    expect(addAll([0.002, 0.0034, 0.00454])).toBe(0.0010387599444636963);
  });

  it('follows a sliding length(3) window (stdDevAggregatorTest6)', () => {
    const state = newState();
    expect(state.add(23.3)).toBe(0);
    expect(state.add(1003.2)).toBe(489.95000000000005);
    expect(state.add(500.1)).toBe(400.0905258674453);
    state.remove(23.3);
    expect(state.add(10.9)).toBe(405.1180266978447);
    state.remove(1003.2);
    expect(state.add(234.5)).toBe(199.96026271903798);
  });

  it('is 0.0 after removes leave one value and null when none', () => {
    const state = newState();
    state.add(2);
    state.add(4);
    expect(state.remove(2)).toBe(0);
    expect(state.remove(4)).toBeNull();
    expect(state.add(null)).toBeNull();
    expect(state.add(6)).toBe(0);
  });

  it('skips nulls and resets to null', () => {
    const state = newState();
    state.add(1);
    state.add(3);
    expect(state.add(null)).toBe(1);
    expect(state.remove(null)).toBe(1);
    expect(state.reset()).toBeNull();
    expect(state.add(5)).toBe(0);
  });

  it('round-trips its snapshot through JSON', () => {
    const state = newState();
    state.add(23);
    state.add(1003);
    const copy = newState();
    copy.restore(JSON.parse(JSON.stringify(state.snapshot())));
    expect(copy.add(500)).toBe(400.13025656931046);
  });
});
