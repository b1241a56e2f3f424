import { describe, expect, it } from 'vitest';
import { decodeValue, encodeValue } from './snapshot-codec.js';

const roundTrip = (value: unknown): unknown =>
  decodeValue(JSON.parse(JSON.stringify(encodeValue(value))) as unknown);

describe('snapshot codec', () => {
  it('round-trips what JSON cannot carry', () => {
    const value = {
      map: new Map<unknown, unknown>([
        ['a', 1],
        [2, [NaN]],
      ]),
      set: new Set(['x', 'y']),
      numbers: [Infinity, -Infinity, -0, 1.5],
      missing: undefined,
      big: 10n,
      date: new Date(5),
      timestamps: Float64Array.from([1.5, NaN, -0]),
      bytes: Uint8Array.from([0, 255]),
      tricky: { $t: 'map', v: 1 },
    };
    const back = roundTrip(value) as typeof value;
    expect(back).toEqual(value);
    expect(Object.is(back.numbers[2], -0)).toBe(true);
    expect(back.tricky).toEqual({ $t: 'map', v: 1 });
  });

  it('rejects functions', () => {
    expect(() => encodeValue({ f: () => 1 })).toThrow(/function/);
  });
});
