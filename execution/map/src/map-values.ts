// The values map functions work on: maps are JS `Map`s (insertion-ordered, any key), lists are
// arrays. Equality follows Java's `equals` (values by value, maps and lists by content), and
// JSON converts both ways with objects as nested maps.

import type { AttributeType } from '@tributary/engine';
import type { JsonValue } from '@tributary/execution-json';

/** Types a map key may have. */
export const KEY_TYPES: readonly AttributeType[] = [
  'int',
  'long',
  'float',
  'double',
  'bool',
  'string',
];

/** Types a map value may have. */
export const VALUE_TYPES: readonly AttributeType[] = [...KEY_TYPES, 'object'];

/** Every type, keys that are objects included. */
export const ANY_TYPES: readonly AttributeType[] = VALUE_TYPES;

/**
 * The argument as a map, or an error naming the function (the event is dropped, as in Siddhi).
 * @example
 * asMap('map:size', new Map()); // the map
 */
export function asMap(fn: string, value: unknown, position = 1): ReadonlyMap<unknown, unknown> {
  if (value instanceof Map) return value as ReadonlyMap<unknown, unknown>;
  const got = value === null || value === undefined ? 'null' : typeof value;
  throw new TypeError(`${fn}: argument ${String(position)} must be a map, but found ${got}`);
}

/**
 * Java-style equality: primitives by value, arrays and maps by content, sets by members.
 * @example
 * deepEquals(new Map([['a', [1]]]), new Map([['a', [1]]])); // true
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

/**
 * A JSON value with every object as a `Map` (nested ones too); arrays stay arrays.
 * @example
 * mapsFromJson({ a: { b: 1 } }); // Map { 'a' => Map { 'b' => 1 } }
 */
export function mapsFromJson(value: JsonValue): unknown {
  if (Array.isArray(value)) return value.map(mapsFromJson);
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value).map(([k, v]) => [k, mapsFromJson(v)]));
  }
  return value;
}

/**
 * A JSON value for a map and what it holds: maps as objects (keys as strings), sets and arrays
 * as arrays, non-finite numbers and undefined as null.
 * @example
 * toJsonValue(new Map([[1, 'one']])); // { '1': 'one' }
 */
export function toJsonValue(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object') return null;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Set) return [...(value as Set<unknown>)].map(toJsonValue);
  const entries: [unknown, unknown][] =
    value instanceof Map ? [...(value as Map<unknown, unknown>)] : Object.entries(value);
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of entries) out[String(k)] = toJsonValue(v);
  return out;
}

/** A value as Java's `toString()` shows it (lists as `[a, b]`, maps as `{k=v}`). */
export function javaText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(javaText).join(', ')}]`;
  if (value instanceof Map) {
    const parts = [...(value as Map<unknown, unknown>)].map(
      ([k, v]) => `${javaText(k)}=${javaText(v)}`,
    );
    return `{${parts.join(', ')}}`;
  }
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value);
    default:
      return JSON.stringify(toJsonValue(value));
  }
}
