// Attribute values read from and written as text, shared by the csv, text and keyvalue mappers:
// Java-compatible parsing (what Siddhi's AttributeConverter accepts, minus silent fallbacks) and
// printing that reads back to the same value (floats print as their shortest float32 form).

import type { AttributeType } from '@tributary/engine';

/** A value parsed from text, or why it cannot be one of the attribute's type. */
export type ParsedValue =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;
const INTEGER = /^[+-]?\d+$/;
// Java's Float/Double.parseFloat forms: decimals, exponents, an optional f/F/d/D suffix.
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?$/;
const SPECIAL = /^[+-]?(?:NaN|Infinity)$/;

function fail(text: string, type: AttributeType): ParsedValue {
  return { ok: false, reason: `'${text}' is not ${article(type)} ${type}` };
}

function article(type: AttributeType): string {
  return type === 'int' || type === 'object' ? 'an' : 'a';
}

/**
 * Parses `text` as a value of `type` (numbers and booleans are trimmed first; strings and
 * objects are kept as they are). Integers must fit exactly: an int in 32 bits, a long in a JS
 * number's safe range — a value that would lose digits is an error, never rounded silently.
 * @example
 * parseAttributeValue(' 42 ', 'int') // { ok: true, value: 42 }
 * parseAttributeValue('4.2', 'int')  // { ok: false, reason: "'4.2' is not an int" }
 */
export function parseAttributeValue(text: string, type: AttributeType): ParsedValue {
  switch (type) {
    case 'string':
    case 'object':
      return { ok: true, value: text };
    case 'int': {
      const t = text.trim();
      if (!INTEGER.test(t)) return fail(text, type);
      const n = Number(t);
      return n < INT_MIN || n > INT_MAX ? fail(text, type) : { ok: true, value: n };
    }
    case 'long': {
      const t = text.trim().replace(/[lL]$/, '');
      if (!INTEGER.test(t)) return fail(text, type);
      const n = Number(t);
      return Number.isSafeInteger(n)
        ? { ok: true, value: n }
        : { ok: false, reason: `'${text}' is outside the exact range of a long here (±2^53)` };
    }
    case 'float':
    case 'double': {
      const t = text.trim();
      let n: number;
      if (DECIMAL.test(t)) n = Number(t.replace(/[fFdD]$/, ''));
      else if (SPECIAL.test(t)) n = Number(t);
      else return fail(text, type);
      return { ok: true, value: type === 'float' ? Math.fround(n) : n };
    }
    case 'bool': {
      const t = text.trim().toLowerCase();
      return t === 'true' || t === 'false' ? { ok: true, value: t === 'true' } : fail(text, type);
    }
  }
}

/**
 * The shortest decimal text that reads back as the same float32 (what Java's `Float.toString`
 * aims for): `55.6`, not the double expansion `55.599998474121094`.
 * @example
 * formatFloat(Math.fround(55.6)) // '55.6'
 */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  for (let precision = 1; precision <= 9; precision += 1) {
    const candidate = Number(value.toPrecision(precision));
    if (Math.fround(candidate) === value) return String(candidate);
  }
  return String(value);
}

/**
 * Prints one attribute value as text: `null` for null/undefined, floats in their shortest
 * float32 form, objects as JSON (strings as they are).
 * @example
 * formatAttributeValue(Math.fround(1.1), 'float') // '1.1'
 * formatAttributeValue({ a: 1 }, 'object')        // '{"a":1}'
 */
export function formatAttributeValue(value: unknown, type: AttributeType): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return type === 'float' ? formatFloat(value) : String(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  // JSON.stringify gives undefined for functions and symbols
  const json = JSON.stringify(value) as string | undefined;
  return json ?? typeof value;
}
