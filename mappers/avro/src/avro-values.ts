// Values between Avro records and stream attributes: field paths (`user.name`, `$.items[0]`),
// the attribute a decoded value becomes (strictly typed, with logical types converted), and
// the light coercion applied to attribute values before a record is validated and encoded.

import type { AttributeType } from '@tributary/engine';
import avro from 'avsc';
import { AvroDecimal } from './logical-types.js';

/** One step of a field path: a field name or an array index. */
export type PathStep = string | number;

/**
 * Parses a field path: `name`, `a.b.c`, `$.a.b`, `items[0].price`.
 * @example
 * parsePath('$.user.tags[1]') // ['user', 'tags', 1]
 */
export function parsePath(path: string): PathStep[] | undefined {
  let text = path.trim();
  if (text.startsWith('$')) text = text.slice(1).replace(/^\./, '');
  if (text === '') return undefined;
  const steps: PathStep[] = [];
  for (const part of text.split('.')) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)((?:\[\d+\])*)$/.exec(part);
    if (m === null) return undefined;
    steps.push(m[1] ?? '');
    for (const index of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) steps.push(Number(index[1]));
  }
  return steps;
}

/** The value at a path, or `undefined` when a step is missing. */
export function readPath(value: unknown, path: readonly PathStep[]): unknown {
  let at: unknown = value;
  for (const step of path) {
    if (at === null || at === undefined) return undefined;
    if (typeof step === 'number') {
      if (!Array.isArray(at)) return undefined;
      at = (at as unknown[])[step];
    } else {
      if (typeof at !== 'object' || !Object.hasOwn(at, step)) return undefined;
      at = (at as Record<string, unknown>)[step];
    }
  }
  return at;
}

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;

/** A decoded value as an attribute, or an error text when it cannot be one. */
export type AttributeValue =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly reason: string };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Uint8Array) return `bytes (${String(value.length)})`;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime())
      ? 'an invalid timestamp'
      : `a timestamp ${value.toISOString()}`;
  }
  if (typeof value === 'bigint') return `the long ${value.toString()}`;
  if (value instanceof AvroDecimal) return `the decimal ${value.toString()}`;
  if (typeof value === 'object') return Array.isArray(value) ? 'an array' : 'a record or map';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function plain(value: unknown): unknown {
  if (value instanceof AvroDecimal) return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

function notA(value: unknown, type: AttributeType): AttributeValue {
  return {
    ok: false,
    reason: `${describe(value)} is not ${type === 'int' || type === 'object' ? 'an' : 'a'} ${type}`,
  };
}

/**
 * Converts one decoded Avro value to an attribute of `type`: numbers must fit (an int in 32
 * bits, a long exactly), timestamps become milliseconds (or ISO text), decimals numbers (or
 * their exact text), bytes base64 text; records, arrays and maps go to object attributes
 * (or JSON text for strings).
 * @example
 * toAttribute(new Date(0), 'long') // { ok: true, value: 0 }
 */
export function toAttribute(value: unknown, type: AttributeType): AttributeValue {
  if (value === null || value === undefined) return { ok: true, value: null };
  let v = value;
  if (v instanceof Date)
    v = type === 'string' ? v.toISOString() : type === 'object' ? v : v.getTime();
  else if (v instanceof AvroDecimal) {
    v = type === 'string' || type === 'object' ? v.toString() : v.toNumber();
  }
  switch (type) {
    case 'object':
      return { ok: true, value: v };
    case 'string':
      if (typeof v === 'string') return { ok: true, value: v };
      if (typeof v === 'number' || typeof v === 'boolean') return { ok: true, value: String(v) };
      return { ok: true, value: v instanceof Uint8Array ? plain(v) : JSON.stringify(plain(v)) };
    case 'bool':
      return typeof v === 'boolean' ? { ok: true, value: v } : notA(value, type);
    case 'int':
      return typeof v === 'number' && Number.isInteger(v) && v >= INT_MIN && v <= INT_MAX
        ? { ok: true, value: v }
        : notA(value, type);
    case 'long':
      return typeof v === 'number' && Number.isSafeInteger(v)
        ? { ok: true, value: v }
        : notA(value, type);
    case 'float':
      return typeof v === 'number' ? { ok: true, value: Math.fround(v) } : notA(value, type);
    case 'double':
      return typeof v === 'number' ? { ok: true, value: v } : notA(value, type);
  }
}

/** The branch of a nullable union that is not null (or the type itself). */
function nonNull(type: avro.Type): avro.Type {
  if (
    type instanceof avro.types.UnwrappedUnionType ||
    type instanceof avro.types.WrappedUnionType
  ) {
    const branches = type.types.filter((t) => t.typeName !== 'null');
    if (branches.length === 1 && branches[0] !== undefined) return branches[0];
  }
  return type;
}

/**
 * Adjusts an attribute value to the Avro field type it is written to, where the meaning is
 * unambiguous: numbers and booleans to a string field as text, base64 text to bytes. Anything
 * else is left for the schema's validation to accept or refuse.
 * @example
 * toAvroValue(42, avro.Type.forSchema('string')) // '42'
 */
export function toAvroValue(value: unknown, fieldType: avro.Type): unknown {
  if (value === null || value === undefined) return null;
  const type = nonNull(fieldType);
  const name = type.typeName;
  if (name === 'string' && (typeof value === 'number' || typeof value === 'boolean'))
    return String(value);
  if ((name === 'bytes' || name === 'fixed') && typeof value === 'string')
    return Buffer.from(value, 'base64');
  if (
    (name === 'int' || name === 'long') &&
    typeof value === 'string' &&
    /^[+-]?\d+$/.test(value.trim())
  ) {
    return Number(value);
  }
  return value;
}

/**
 * The first reason a value does not fit a type (the field path and what was found).
 * @example
 * invalidReason(type, { a: 'x' }) // "field a: string \"x\" does not fit int"
 */
export function invalidReason(type: avro.Type, value: unknown): string | undefined {
  // the hook tracks paths and is slow: only a value that fails is checked again with it
  if (type.isValid(value)) return undefined;
  let reason: string | undefined;
  type.isValid(value, {
    errorHook: (path: string[], val: unknown, t: avro.Type) => {
      if (reason !== undefined) return;
      const where = path.length === 0 ? 'the record' : `field ${path.join('.')}`;
      const shown = val === undefined ? 'nothing' : describe(val);
      reason = `${where}: ${shown} does not fit ${t.branchName ?? t.typeName}`;
    },
  });
  return reason;
}
