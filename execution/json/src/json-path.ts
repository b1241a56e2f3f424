// JSONPath reads with Jayway JsonPath's results, which Siddhi's json functions are defined by: a
// definite path (`$.a.b[0]`) gives the one value or "missing"; an indefinite one (wildcards,
// deep scan, filters, unions, slices) gives the list of matches, possibly empty.

import { JSONPath } from 'jsonpath-plus';
import type { JsonValue } from './json-text.js';

/** What a path selects in a document. */
export type PathRead =
  | { readonly kind: 'missing' }
  | { readonly kind: 'value'; readonly value: JsonValue }
  | { readonly kind: 'list'; readonly values: JsonValue[] };

/** One match with where it sits, for updates. */
export interface PathMatch {
  readonly value: JsonValue;
  /** The containing object or array; null for the root. */
  readonly parent: JsonValue;
  readonly property: string | number | null;
}

const MISSING: PathRead = { kind: 'missing' };

interface RawMatch {
  value: JsonValue;
  parent: JsonValue;
  parentProperty: string | number | null;
}

/** Jayway reads `name` as `$.name`. */
function normalize(path: string): string {
  const trimmed = path.trim();
  if (trimmed.startsWith('$')) return trimmed;
  return trimmed.startsWith('[') ? `$${trimmed}` : `$.${trimmed}`;
}

/**
 * Whether a path selects at most one value (Jayway's "definite" path).
 * @example
 * isDefinitePath('$.a[0].b'); // true
 * isDefinitePath('$..b');     // false
 */
export function isDefinitePath(path: string): boolean {
  const segments = JSONPath.toPathArray(normalize(path));
  return segments.every(
    (s) =>
      s !== '*' &&
      s !== '..' &&
      !s.startsWith('?(') &&
      !s.startsWith('(') &&
      !s.includes(',') &&
      !s.includes(':'),
  );
}

/**
 * Every match of `path` in `document`, with its parent (for setElement).
 * @example
 * matchPath({ a: [1, 2] }, '$.a[1]'); // [{ value: 2, parent: [1, 2], property: 1 }]
 */
export function matchPath(document: JsonValue, path: string): PathMatch[] {
  const raw = JSONPath<RawMatch[] | undefined>({
    path: normalize(path),
    json: document,
    resultType: 'all',
    wrap: true,
  });
  return (raw ?? []).map((m) => ({
    value: m.value,
    parent: m.parent,
    property:
      typeof m.parentProperty === 'string' &&
      /^\d+$/.test(m.parentProperty) &&
      Array.isArray(m.parent)
        ? Number(m.parentProperty)
        : m.parentProperty,
  }));
}

/**
 * Reads `path` from `document` as Jayway does (see `PathRead`).
 * @example
 * readPath({ name: 'John' }, '$.name');   // { kind: 'value', value: 'John' }
 * readPath({ name: 'John' }, '$.salary'); // { kind: 'missing' }
 */
export function readPath(document: JsonValue, path: string): PathRead {
  const values =
    JSONPath<JsonValue[] | undefined>({ path: normalize(path), json: document, wrap: true }) ?? [];
  if (!isDefinitePath(path)) return { kind: 'list', values };
  const first = values[0];
  return first === undefined ? MISSING : { kind: 'value', value: first };
}
