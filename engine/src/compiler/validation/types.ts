// Shared shapes of the validator: attribute infos with possibly-unknown types, value types
// of expressions, numeric promotion and formatting helpers.

import type { AttributeType } from '../../query-api/index.js';

/** An attribute whose type may be unknown (after an error that was already reported). */
export interface AttributeInfo {
  readonly name: string;
  readonly type: AttributeType | undefined;
}

/** The type of an expression: `'null'` for the untyped null literal, `undefined` when unknown. */
export type ValueType = AttributeType | 'null' | undefined;

const NUMERIC_RANK: Partial<Record<AttributeType, number>> = {
  int: 0,
  long: 1,
  float: 2,
  double: 3,
};

export function isNumeric(t: ValueType): boolean {
  return t !== undefined && t !== 'null' && NUMERIC_RANK[t] !== undefined;
}

/** The wider of two numeric types (`int + long → long`, `float + long → float`…). */
export function promote(a: AttributeType, b: AttributeType): AttributeType {
  return (NUMERIC_RANK[a] ?? 0) >= (NUMERIC_RANK[b] ?? 0) ? a : b;
}

/** `(a int, b string)` for messages. */
export function formatSchema(attributes: readonly AttributeInfo[]): string {
  return attributes.map((a) => `${a.name} ${a.type ?? '?'}`).join(', ');
}

/** `int or long`, `int, long or double`. */
export function formatAlternatives(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}

/** `'A' and 'B'`, `'A', 'B' and 'C'`. */
export function formatNames(names: readonly string[]): string {
  const quoted = names.map((n) => `'${n}'`);
  if (quoted.length <= 1) return quoted[0] ?? '';
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1] ?? ''}`;
}
