// Converts JSON values to attribute values by attribute type, as Siddhi's JSON mapper does: a
// value of the right JSON type is taken as is, a string is parsed when it holds the type's text
// ("12" into an int), and anything else is a MappingError naming the attribute and the value.

import type { AttributeType } from '@tributary/engine';
import {
  MappingError,
  parseJavaDouble,
  parseJavaInt,
  parseJavaLong,
} from '@tributary/engine/extension-api';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_LIMIT = 2 ** 63;

/** `true`/`false` in any case; anything else is undefined (Java would read it as false). */
export function parseBoolText(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  return t === 'true' ? true : t === 'false' ? false : undefined;
}

/**
 * `JSON.stringify`, typed as it behaves: undefined for undefined, functions and symbols.
 * @example
 * jsonStringify(() => 1); // undefined
 */
export function jsonStringify(value: unknown): string | undefined {
  return JSON.stringify(value);
}

/** A short rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  let text: string;
  try {
    text = jsonStringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function mismatch(name: string, type: AttributeType, value: unknown): MappingError {
  return new MappingError(`attribute '${name}' expects ${type}, found ${describeValue(value)}`);
}

/** The JSON text of an object or array value (a string attribute given a structure). */
function jsonText(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Converts one JSON value (not null) to an attribute of `type`; throws `MappingError` when the
 * value does not fit. Numbers fit int/long only when integral and in range.
 * @example
 * convertJsonValue('int', 'volume', '12'); // 12
 * convertJsonValue('float', 'price', 55.6); // Math.fround(55.6)
 */
export function convertJsonValue(type: AttributeType, name: string, value: unknown): unknown {
  switch (type) {
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      if (typeof value === 'object') return jsonText(value);
      break;
    case 'int':
      if (typeof value === 'number') {
        if (Number.isInteger(value) && value >= INT_MIN && value <= INT_MAX) return value;
      } else if (typeof value === 'string') {
        const n = parseJavaInt(value);
        if (n !== null) return n;
      }
      break;
    case 'long':
      if (typeof value === 'number') {
        if (Number.isInteger(value) && value >= -LONG_LIMIT && value < LONG_LIMIT) return value;
      } else if (typeof value === 'string') {
        const n = parseJavaLong(value);
        if (n !== null) return n;
      }
      break;
    case 'double':
      if (typeof value === 'number') return value;
      if (typeof value === 'string') {
        const n = parseJavaDouble(value);
        if (n !== null) return n;
      }
      break;
    case 'float':
      if (typeof value === 'number') return Math.fround(value);
      if (typeof value === 'string') {
        const n = parseJavaDouble(value);
        if (n !== null) return Math.fround(n);
      }
      break;
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string') {
        const b = parseBoolText(value);
        if (b !== undefined) return b;
      }
      break;
    case 'object':
      return value;
  }
  throw mismatch(name, type, value);
}
