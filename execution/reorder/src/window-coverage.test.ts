// Tests of the Alpha K-slack statistics against values worked out by hand.

import { describe, expect, it } from 'vitest';
import {
  inverseNormal,
  javaRound,
  runtimeWindowCoverage,
  windowCoverageThreshold,
} from './window-coverage.js';

describe('inverseNormal', () => {
  it('inverts the standard normal distribution', () => {
    expect(inverseNormal(0.025)).toBeCloseTo(-1.959964, 5);
    expect(inverseNormal(0.5)).toBeCloseTo(0, 9);
    expect(inverseNormal(0.999)).toBeCloseTo(3.090232, 5);
    expect(inverseNormal(0)).toBe(-Infinity);
  });
});

describe('javaRound', () => {
  it('rounds as Java does', () => {
    expect(javaRound(2.5)).toBe(3);
    expect(javaRound(-2.5)).toBe(-2);
    expect(javaRound(NaN)).toBe(0);
    expect(javaRound(Infinity)).toBe(Number.MAX_SAFE_INTEGER);
  });
});

describe('windowCoverageThreshold', () => {
  it('gives the smallest root for constant data', () => {
    // n = 4, z = 1.96, error 0.03: the smallest root is (2.9004 - sqrt(1.034147)) / 3.9208
    expect(windowCoverageThreshold(1.96, [5, 5, 5, 5], 0.03)).toBeCloseTo(0.48038, 4);
  });
});

describe('runtimeWindowCoverage', () => {
  it('measures the coverage of the window and prunes older timestamps', () => {
    const timestamps = [30, 45, 60, 95, 80];
    expect(runtimeWindowCoverage(100, timestamps, 10, 50)).toBeCloseTo(2 / 3, 9);
    expect(timestamps).toEqual([45, 60, 95, 80]);
    expect(runtimeWindowCoverage(100, [], 10, 50)).toBe(1);
  });
});
