// Tests of the map reading and updating functions: results as Siddhi's, new maps returned and
// arguments left unchanged, non-map arguments failing the event.

import type { Extension } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import {
  containsKeyFunction,
  containsValueFunction,
  getFunction,
  isEmptyFunction,
  isMapFunction,
  keysFunction,
  sizeFunction,
  valuesFunction,
} from './map-access-functions.js';
import {
  clearFunction,
  cloneFunction,
  combineByKeyFunction,
  createFunction,
  putAllFunction,
  putFunction,
  putIfAbsentFunction,
  removeFunction,
  replaceAllFunction,
  replaceFunction,
} from './map-update-functions.js';

const ctx = { clock: { now: () => 0 }, functions: { resolve: () => undefined } };

function call(extension: Extension, ...args: unknown[]): unknown {
  if (extension.kind !== 'function') throw new Error('not a function');
  const instance = extension.spec.create(
    args.map(() => ({ type: 'object' as const, constant: false })),
    ctx,
  );
  if (instance.call === undefined) throw new Error('no call');
  return instance.call(args);
}

const stock = (): Map<unknown, unknown> =>
  new Map<unknown, unknown>([
    ['symbol', 'IBM'],
    ['volume', 100],
    [1, null],
  ]);

describe('map:create', () => {
  it('pairs keys with the values after them', () => {
    expect(call(createFunction)).toEqual(new Map());
    expect(call(createFunction, 1, 'one', 2, 'two')).toEqual(
      new Map<unknown, unknown>([
        [1, 'one'],
        [2, 'two'],
      ]),
    );
  });

  it('rejects an odd number of arguments when checked', () => {
    if (createFunction.kind !== 'function') throw new Error('not a function');
    const arg = { type: 'int' as const, constant: true, attribute: false };
    expect(createFunction.spec.check?.([arg])).toMatch(/pairs/);
    expect(createFunction.spec.check?.([arg, arg])).toBeUndefined();
  });
});

describe('reading functions', () => {
  it('get returns the value, null or the default for an absent key', () => {
    expect(call(getFunction, stock(), 'symbol')).toBe('IBM');
    expect(call(getFunction, stock(), 'price')).toBeNull();
    expect(call(getFunction, stock(), 'price', 'none')).toBe('none');
    expect(call(getFunction, stock(), 1, 'none')).toBeNull();
  });

  it('answer about keys, values and size', () => {
    expect(call(containsKeyFunction, stock(), 'volume')).toBe(true);
    expect(call(containsKeyFunction, stock(), 'price')).toBe(false);
    expect(call(containsValueFunction, stock(), 100)).toBe(true);
    expect(call(containsValueFunction, new Map([['l', [1, 2]]]), [1, 2])).toBe(true);
    expect(call(containsValueFunction, stock(), 'GOOG')).toBe(false);
    expect(call(isEmptyFunction, new Map())).toBe(true);
    expect(call(isEmptyFunction, stock())).toBe(false);
    expect(call(isMapFunction, stock())).toBe(true);
    expect(call(isMapFunction, 'IBM')).toBe(false);
    expect(call(isMapFunction, null)).toBe(false);
    expect(call(keysFunction, stock())).toEqual(['symbol', 'volume', 1]);
    expect(call(valuesFunction, stock())).toEqual(['IBM', 100, null]);
    expect(call(sizeFunction, stock())).toBe(3);
  });

  it('fail the event for a non-map', () => {
    expect(() => call(sizeFunction, 'IBM')).toThrow(/must be a map, but found string/);
    expect(() => call(getFunction, null, 'a')).toThrow(/must be a map, but found null/);
  });
});

describe('updating functions', () => {
  it('return new maps and leave the argument unchanged', () => {
    const original = stock();
    const put = call(putFunction, original, 'price', 12.5) as Map<unknown, unknown>;
    expect(put.get('price')).toBe(12.5);
    expect(original.has('price')).toBe(false);
    expect(call(clearFunction, original)).toEqual(new Map());
    const cloned = call(cloneFunction, original);
    expect(cloned).toEqual(original);
    expect(cloned).not.toBe(original);
    expect((call(removeFunction, original, 'symbol') as Map<unknown, unknown>).has('symbol')).toBe(
      false,
    );
    expect(original.size).toBe(3);
  });

  it('putIfAbsent sets absent and null-valued keys only', () => {
    const m = call(putIfAbsentFunction, stock(), 'volume', 5) as Map<unknown, unknown>;
    expect(m.get('volume')).toBe(100);
    expect((call(putIfAbsentFunction, stock(), 1, 'x') as Map<unknown, unknown>).get(1)).toBe('x');
    expect(
      (call(putIfAbsentFunction, stock(), 'new', 'x') as Map<unknown, unknown>).get('new'),
    ).toBe('x');
  });

  it('replace and replaceAll change present keys only', () => {
    expect(
      (call(replaceFunction, stock(), 'volume', 7) as Map<unknown, unknown>).get('volume'),
    ).toBe(7);
    expect((call(replaceFunction, stock(), 'price', 7) as Map<unknown, unknown>).has('price')).toBe(
      false,
    );
    const from = new Map<unknown, unknown>([
      ['symbol', 'WSO2'],
      ['price', 12],
    ]);
    expect(call(replaceAllFunction, stock(), from)).toEqual(
      new Map<unknown, unknown>([
        ['symbol', 'WSO2'],
        ['volume', 100],
        [1, null],
      ]),
    );
    expect(call(putAllFunction, new Map([['symbol', 'X']]), from)).toEqual(from);
  });

  it('combineByKey lists the values of each map per key', () => {
    const a = new Map<unknown, unknown>([
      ['symbol', 'wso2'],
      ['volume', 100],
    ]);
    const b = new Map<unknown, unknown>([
      ['symbol', 'IBM'],
      ['price', 12],
    ]);
    expect(call(combineByKeyFunction, a, b)).toEqual(
      new Map<unknown, unknown>([
        ['symbol', ['wso2', 'IBM']],
        ['volume', [100, null]],
        ['price', [null, 12]],
      ]),
    );
  });
});
