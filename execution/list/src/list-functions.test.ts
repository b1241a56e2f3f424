// Tests of the list reading and updating functions: Java semantics (first/last index, equality
// by content, index errors), new lists returned and arguments left unchanged.

import type { Extension } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import {
  containsAllFunction,
  containsAnyFunction,
  containsFunction,
  getFunction,
  indexOfFunction,
  isEmptyFunction,
  isListFunction,
  lastIndexOfFunction,
  sizeFunction,
} from './list-access-functions.js';
import {
  addAllFunction,
  addFunction,
  clearFunction,
  cloneFunction,
  createFunction,
  removeAllFunction,
  removeByIndexFunction,
  removeFunction,
  retainAllFunction,
  setValueFunction,
  sortFunction,
} from './list-update-functions.js';
import { compareNatural } from './list-values.js';

const ctx = { clock: { now: () => 0 }, functions: { resolve: () => undefined } };

function call(extension: Extension, args: unknown[], constant?: [number, unknown]): unknown {
  if (extension.kind !== 'function') throw new Error('not a function');
  const instance = extension.spec.create(
    args.map((_a, i) =>
      constant?.[0] === i
        ? { type: 'string' as const, constant: true, value: constant[1] }
        : { type: 'object' as const, constant: false },
    ),
    ctx,
  );
  if (instance.call === undefined) throw new Error('no call');
  return instance.call(args);
}

const symbols = (): unknown[] => ['IBM', 'WSO2', 'IBM', [1, 2]];

describe('reading functions', () => {
  it('find values by content', () => {
    expect(call(containsFunction, [symbols(), 'WSO2'])).toBe(true);
    expect(call(containsFunction, [symbols(), [1, 2]])).toBe(true);
    expect(call(containsFunction, [symbols(), 'XYZ'])).toBe(false);
    expect(call(containsAllFunction, [symbols(), ['IBM', 'WSO2']])).toBe(true);
    expect(call(containsAllFunction, [symbols(), ['IBM', 'XYZ']])).toBe(false);
    expect(call(containsAnyFunction, [symbols(), ['XYZ', 'WSO2']])).toBe(true);
    expect(call(containsAnyFunction, [symbols(), ['XYZ']])).toBe(false);
    expect(call(indexOfFunction, [symbols(), 'IBM'])).toBe(0);
    expect(call(lastIndexOfFunction, [symbols(), 'IBM'])).toBe(2);
    expect(call(indexOfFunction, [symbols(), 'XYZ'])).toBe(-1);
    expect(call(lastIndexOfFunction, [symbols(), 'XYZ'])).toBe(-1);
  });

  it('get returns null out of range', () => {
    expect(call(getFunction, [symbols(), 1])).toBe('WSO2');
    expect(call(getFunction, [symbols(), 9])).toBeNull();
    expect(call(getFunction, [symbols(), -1])).toBeNull();
  });

  it('tell size, emptiness and list-ness', () => {
    expect(call(sizeFunction, [symbols()])).toBe(4);
    expect(call(isEmptyFunction, [[]])).toBe(true);
    expect(call(isEmptyFunction, [symbols()])).toBe(false);
    expect(call(isListFunction, [symbols()])).toBe(true);
    expect(call(isListFunction, ['IBM'])).toBe(false);
  });

  it('fail the event for a non-list', () => {
    expect(() => call(sizeFunction, ['IBM'])).toThrow(/must be a list, but found string/);
    expect(() => call(containsAllFunction, [[], null])).toThrow(/argument 2 must be a list/);
  });
});

describe('updating functions', () => {
  it('create, add, addAll and clone give new lists', () => {
    const original = ['IBM', 'WSO2'];
    expect(call(createFunction, [])).toEqual([]);
    expect(call(createFunction, [1, 'a', true])).toEqual([1, 'a', true]);
    expect(call(addFunction, [original, 'XYZ'])).toEqual(['IBM', 'WSO2', 'XYZ']);
    expect(call(addFunction, [original, 'XYZ', 0])).toEqual(['XYZ', 'IBM', 'WSO2']);
    expect(call(addAllFunction, [original, ['IBM', 'XYZ']])).toEqual(['IBM', 'WSO2', 'IBM', 'XYZ']);
    expect(call(addAllFunction, [original, ['IBM', 'XYZ'], true])).toEqual(['IBM', 'WSO2', 'XYZ']);
    const copy = call(cloneFunction, [original]);
    expect(copy).toEqual(original);
    expect(copy).not.toBe(original);
    expect(call(clearFunction, [original])).toEqual([]);
    expect(original).toEqual(['IBM', 'WSO2']);
  });

  it('remove, removeAll, retainAll, removeByIndex and setValue', () => {
    expect(call(removeFunction, [symbols(), 'IBM'])).toEqual(['WSO2', 'IBM', [1, 2]]);
    expect(call(removeAllFunction, [symbols(), ['IBM', [1, 2]]])).toEqual(['WSO2']);
    expect(call(retainAllFunction, [symbols(), ['IBM']])).toEqual(['IBM', 'IBM']);
    expect(call(removeByIndexFunction, [symbols(), 1])).toEqual(['IBM', 'IBM', [1, 2]]);
    expect(call(setValueFunction, [['a', 'b'], 1, 'c'])).toEqual(['a', 'c']);
  });

  it('fail the event for an index out of range', () => {
    expect(() => call(addFunction, [['a'], 'b', 5])).toThrow(/out of range/);
    expect(() => call(removeByIndexFunction, [['a'], 1])).toThrow(/out of range/);
    expect(() => call(setValueFunction, [['a'], -1, 'x'])).toThrow(/out of range/);
  });

  it('sort ascending by default and descending on request', () => {
    expect(call(sortFunction, [[3, 1, 2]])).toEqual([1, 2, 3]);
    expect(call(sortFunction, [['b', 'a', 'C'], 'desc'], [1, 'desc'])).toEqual(['b', 'a', 'C']);
    expect(call(sortFunction, [[true, false]])).toEqual([false, true]);
    expect(() => call(sortFunction, [[1, 'a']])).toThrow(
      /cannot compare (number with string|string with number)/,
    );
  });
});

describe('compareNatural', () => {
  it('orders strings by code units as Java does', () => {
    expect(['b', 'a', 'C'].sort(compareNatural)).toEqual(['C', 'a', 'b']);
  });
});
