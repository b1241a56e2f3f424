// Reading the `json` and `path` arguments every json function shares: a JSON string is parsed
// (permissively), any other object is taken as its JSON form, null stays absent.

import type { ParameterSpec } from '@tributary/engine/extension-api';
import { parseJson, toJsonValue, type JsonValue } from './json-text.js';

/** The `json` parameter: a JSON string or an object. */
export const jsonParameter = (description: string): ParameterSpec => ({
  name: 'json',
  types: ['string', 'object'],
  description,
});

/** The `path` parameter: a JSONPath expression (Jayway syntax). */
export const pathParameter = (description: string): ParameterSpec => ({
  name: 'path',
  types: ['string'],
  description,
});

/**
 * The document a `json` argument holds; `undefined` for null. Always a fresh structure.
 * @example
 * documentOf("{'a': 1}"); // { a: 1 }
 */
export function documentOf(value: unknown): JsonValue | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? parseJson(value) : toJsonValue(value);
}

/** The `path` argument as a string; a null path is an error (Siddhi fails the event too). */
export function pathOf(fn: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new TypeError(
      `${fn} expects a string path, got ${value === null ? 'null' : typeof value}`,
    );
  }
  return value;
}
