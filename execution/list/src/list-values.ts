// The values list functions work on: lists are arrays (any element), compared as Java's
// `equals` does (by value, nested lists and maps by content) and sorted by natural order.

import type { AttributeType } from '@tributary/engine';

/** Types a list element may have. */
export const ELEMENT_TYPES: readonly AttributeType[] = [
  'object',
  'int',
  'long',
  'float',
  'double',
  'bool',
  'string',
];

/**
 * The argument as a list, or an error naming the function (the event is dropped, as in Siddhi).
 * @example
 * asList('list:size', [1, 2]); // [1, 2]
 */
export function asList(fn: string, value: unknown, position = 1): readonly unknown[] {
  if (Array.isArray(value)) return value;
  const got = value === null || value === undefined ? 'null' : typeof value;
  throw new TypeError(`${fn}: argument ${String(position)} must be a list, but found ${got}`);
}

/** An int index argument; anything else fails the event. */
export function asIndex(fn: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${fn}: the index must be an int`);
  }
  return value;
}

/**
 * Java-style equality: primitives by value, arrays and maps by content, sets by members.
 * @example
 * deepEquals([1, [2]], [1, [2]]); // true
 */
export function deepEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEquals(x, b[i]));
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a as Map<unknown, unknown>) {
      if (!b.has(k) || !deepEquals(v, b.get(k))) return false;
    }
    return true;
  }
  if (a instanceof Set) {
    return b instanceof Set && a.size === b.size && [...(a as Set<unknown>)].every((x) => b.has(x));
  }
  if (Array.isArray(b) || b instanceof Map || b instanceof Set) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) =>
      deepEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

/** The index of the first element equal to `value`, or -1. */
export function indexOf(list: readonly unknown[], value: unknown): number {
  return list.findIndex((x) => deepEquals(x, value));
}

/** Whether the list holds an element equal to `value`. */
export function includes(list: readonly unknown[], value: unknown): boolean {
  return indexOf(list, value) >= 0;
}

/**
 * Natural order (Java's `Comparable`): numbers, strings (UTF-16 code units) and bools among
 * themselves; comparing values of different kinds fails, as Collections.sort does.
 * @example
 * [3, 1, 2].sort(compareNatural); // [1, 2, 3]
 */
export function compareNatural(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const kind = (v: unknown): string => (v === null ? 'null' : typeof v);
  throw new TypeError(`list:sort cannot compare ${kind(a)} with ${kind(b)}`);
}
