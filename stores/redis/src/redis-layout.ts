// How a table lies in Redis: one hash per row (`{T}:row:<id>`, a field per non-null attribute),
// a sorted set of row ids in insertion order (`{T}:rows`), a set of row ids per value of each
// `@Index` attribute (`{T}:idx:<attr>:<value>`) and a sequence (`{T}:seq`). The id is the
// primary key's values (or a sequence number without one). `{T}` is a hash tag, so a table's
// keys share one cluster slot and scripts may touch them together.

import type { AttributeType, StructuredCondition, StructuredValue } from '@tributary/engine';

/** A table as the worker needs it. */
export interface TableLayout {
  /** The key prefix (`table.name`, by default the table id). */
  readonly name: string;
  readonly attributes: readonly { readonly name: string; readonly type: AttributeType }[];
  readonly primaryKey: readonly number[];
  readonly indexes: readonly number[];
  /** `ttl.seconds` (-1: rows never expire), and when the time to live restarts. */
  readonly ttlSeconds: number;
  readonly ttlOnUpdate: boolean;
  readonly ttlOnRead: boolean;
}

/** How a condition finds its candidate rows before they are filtered. */
export type Lookup =
  | { readonly kind: 'all' }
  /** The row whose key is these values (in key order). */
  | { readonly kind: 'key'; readonly values: readonly StructuredValue[] }
  /** The rows whose indexed attribute has this value. */
  | { readonly kind: 'index'; readonly attribute: string; readonly value: StructuredValue };

/** A compiled condition: the lookup and the whole condition to check on what it finds. */
export interface RedisPlan {
  readonly lookup: Lookup;
  readonly filter: StructuredCondition | undefined;
}

/** Key names of a table. */
export function keysOf(name: string): {
  readonly row: (id: string) => string;
  readonly rows: string;
  readonly seq: string;
  readonly index: (attribute: string, encoded: string) => string;
} {
  const tag = `{${name}}`;
  return {
    row: (id) => `${tag}:row:${id}`,
    rows: `${tag}:rows`,
    seq: `${tag}:seq`,
    index: (attribute, encoded) => `${tag}:idx:${attribute}:${encoded}`,
  };
}

/** A value as a hash field holds it (null: no field). */
export function encodeValue(value: unknown, type: AttributeType): string | null {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'string':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'object':
      return JSON.stringify(value);
    case 'bool':
      return value === true ? 'true' : 'false';
    default:
      return typeof value === 'number' ? String(value) : JSON.stringify(value);
  }
}

/** A hash field back into the engine's value. */
export function decodeValue(text: string | undefined, type: AttributeType): unknown {
  if (text === undefined) return null;
  switch (type) {
    case 'string':
      return text;
    case 'object':
      return JSON.parse(text) as unknown;
    case 'bool':
      return text === 'true';
    case 'float':
      return Math.fround(Number(text));
    default:
      return Number(text);
  }
}

/** The id of a row with primary-key values `values` (typed, so 1 and '1' differ). */
export function keyId(values: readonly unknown[]): string {
  return JSON.stringify(values);
}

/** An indexed value as part of a key. */
export function indexValue(value: unknown): string {
  return JSON.stringify(value ?? null);
}

function conjuncts(node: StructuredCondition, out: StructuredCondition[]): void {
  if (node.kind === 'and') {
    conjuncts(node.left, out);
    conjuncts(node.right, out);
  } else {
    out.push(node);
  }
}

/** `column == value` (either side), where value is a parameter or constant of the same type. */
function equality(node: StructuredCondition): [string, StructuredValue] | undefined {
  if (node.kind !== 'compare' || node.op !== '==') return undefined;
  const pairs: [StructuredValue, StructuredValue][] = [
    [node.left, node.right],
    [node.right, node.left],
  ];
  for (const [column, value] of pairs) {
    if (
      column.kind === 'column' &&
      (value.kind === 'parameter' || value.kind === 'constant') &&
      column.type === value.type
    ) {
      return [column.name, value];
    }
  }
  return undefined;
}

/**
 * The plan of a condition: a key lookup when it pins the whole primary key, else an index
 * lookup when it pins an indexed attribute, else every row; the condition filters what is found.
 * @example
 * planOf(layout, cond).lookup; // { kind: 'key', values: [parameter(0)] } for `T.symbol == symbol`
 */
export function planOf(layout: TableLayout, condition: StructuredCondition | undefined): RedisPlan {
  if (condition === undefined) return { lookup: { kind: 'all' }, filter: undefined };
  const parts: StructuredCondition[] = [];
  conjuncts(condition, parts);
  const pinned = new Map<string, StructuredValue>();
  for (const part of parts) {
    const found = equality(part);
    if (found !== undefined && !pinned.has(found[0])) pinned.set(found[0], found[1]);
  }
  const names = layout.attributes.map((a) => a.name);
  const key: StructuredValue[] = [];
  for (const p of layout.primaryKey) {
    const value = pinned.get(names[p] ?? '');
    if (value !== undefined) key.push(value);
  }
  if (key.length > 0 && key.length === layout.primaryKey.length) {
    return { lookup: { kind: 'key', values: key }, filter: condition };
  }
  for (const position of layout.indexes) {
    const attribute = names[position] ?? '';
    const value = pinned.get(attribute);
    if (value !== undefined)
      return { lookup: { kind: 'index', attribute, value }, filter: condition };
  }
  return { lookup: { kind: 'all' }, filter: condition };
}
