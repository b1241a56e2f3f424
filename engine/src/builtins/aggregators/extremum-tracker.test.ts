// Unit and property tests for ExtremumTracker against a plain array model.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExtremumTracker } from './extremum-tracker.js';

function modelExtremum(values: readonly number[], isMax: boolean): number | null {
  if (values.length === 0) return null;
  return isMax ? Math.max(...values) : Math.min(...values);
}

describe('ExtremumTracker', () => {
  it('tracks the maximum under out-of-order removes', () => {
    const t = new ExtremumTracker(true);
    t.add(3);
    t.add(5);
    t.add(5);
    t.remove(5);
    expect(t.current).toBe(5);
    t.remove(5);
    expect(t.current).toBe(3);
    t.remove(42);
    expect(t.current).toBe(3);
    t.remove(3);
    expect(t.current).toBeNull();
  });

  it('tracks the minimum and reloads its entries', () => {
    const t = new ExtremumTracker(false);
    for (const v of [4, -1, 7, -1]) t.add(v);
    expect(t.current).toBe(-1);
    const copy = new ExtremumTracker(false);
    copy.load(t.entries());
    copy.remove(-1);
    expect(copy.current).toBe(-1);
    copy.remove(-1);
    expect(copy.current).toBe(4);
  });

  it('keeps its heap bounded when small values come and go under a large one', () => {
    const t = new ExtremumTracker(true);
    t.add(1e9);
    for (let i = 0; i < 10_000; i++) {
      t.add(i);
      t.remove(i);
    }
    expect(t.current).toBe(1e9);
    expect(t.size).toBe(1);
    expect(t.entries()).toEqual([[1e9, 1]]);
  });

  it('agrees with a plain model on random adds and removes', () => {
    const op = fc.oneof(
      fc.record({ add: fc.constant(true), value: fc.integer({ min: -20, max: 20 }) }),
      fc.record({ add: fc.constant(false), index: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.boolean(), fc.array(op, { maxLength: 200 }), (isMax, ops) => {
        const t = new ExtremumTracker(isMax);
        const model: number[] = [];
        for (const o of ops) {
          if ('value' in o) {
            t.add(o.value);
            model.push(o.value);
          } else if (model.length > 0) {
            const [value] = model.splice(o.index % model.length, 1);
            if (value !== undefined) t.remove(value);
          }
          expect(t.current).toBe(modelExtremum(model, isMax));
        }
      }),
    );
  });
});
