// JSON Path for `@attributes` and `enclosing.element`, evaluated by jsonpath-plus. Paths are
// read the way Siddhi's Jayway JsonPath reads them: `company.symbol` means `$.company.symbol`,
// and a path is "definite" (one value) unless it has a wildcard, deep scan, filter, union or slice.

import { JSONPath } from 'jsonpath-plus';

/** A JSON Path compiled once per mapper. */
export interface CompiledJsonPath {
  /** The path as written in the app. */
  readonly text: string;
  /** True when the path names at most one value; otherwise its result is the list of matches. */
  readonly definite: boolean;
  /** Every match of the path in `json`, in document order (jsonpath-plus's order). */
  select(json: unknown): unknown[];
}

function normalize(text: string): string {
  const t = text.trim();
  if (t.startsWith('$')) return t;
  if (t.startsWith('@')) return `$${t.slice(1)}`;
  if (t.startsWith('[')) return `$${t}`;
  return `$.${t}`;
}

/** Brackets and quotes must pair up; jsonpath-plus silently drops what follows a stray `[`. */
function checkBalanced(text: string): string | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (const ch of text) {
    if (quote !== undefined) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '[' || ch === '(') {
      depth += 1;
    } else if (ch === ']' || ch === ')') {
      depth -= 1;
      if (depth < 0) return `unexpected '${ch}'`;
    }
  }
  if (quote !== undefined) return `unterminated string`;
  if (depth !== 0) return `unclosed bracket`;
  return undefined;
}

function isIndefinite(token: unknown): boolean {
  if (typeof token !== 'string') return true;
  return (
    token === '*' ||
    token === '..' ||
    token.startsWith('?(') ||
    token.startsWith('(') ||
    token.includes(',') ||
    token.includes(':')
  );
}

type JsonInput = null | boolean | number | string | object;

function asJsonInput(value: unknown): JsonInput {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol'
    ? null
    : value;
}

/**
 * Compiles a JSON Path; throws an Error naming the path when it is malformed.
 * @example
 * const path = compileJsonPath('stock.price');
 * path.select({ stock: { price: 55.6 } }); // [55.6]
 */
export function compileJsonPath(text: string): CompiledJsonPath {
  if (text.trim() === '') throw new Error('an empty JSON path');
  const problem = checkBalanced(text);
  if (problem !== undefined) throw new Error(`malformed JSON path '${text}': ${problem}`);
  const path = normalize(text);
  const tokens: unknown[] = JSONPath.toPathArray(path);
  const definite = !tokens.slice(1).some(isIndefinite);
  return {
    text,
    definite,
    select(json) {
      const result: unknown = JSONPath({ path, json: asJsonInput(json), wrap: true, eval: 'safe' });
      return Array.isArray(result) ? (result as unknown[]) : [];
    },
  };
}
