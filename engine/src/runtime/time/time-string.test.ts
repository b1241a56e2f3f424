// Siddhi time strings in annotation values.

import { describe, expect, it } from 'vitest';
import { parseTimeString, requireTimeString } from './time-string.js';

describe('time strings', () => {
  it('parses a number and a unit', () => {
    expect(parseTimeString('100 millisecond')).toBe(100);
    expect(parseTimeString('1 sec')).toBe(1000);
    expect(parseTimeString('2 sec')).toBe(2000);
    expect(parseTimeString('2 min')).toBe(120_000);
    expect(parseTimeString(' 3 hours ')).toBe(10_800_000);
  });

  it('rejects text that is not a time', () => {
    expect(parseTimeString('2')).toBeUndefined();
    expect(parseTimeString('')).toBeUndefined();
    expect(parseTimeString('1 parsec')).toBeUndefined();
    expect(() => requireTimeString('2', "'increment'")).toThrow(/'increment' must be a time/);
    expect(requireTimeString('5 ms', 'x')).toBe(5);
  });
});
