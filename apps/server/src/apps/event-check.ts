// Checks event data from clients against a stream's attributes before it reaches the engine,
// which trusts its callers: a string for a `double` is a 400 here, not a NaN downstream.

import type { AttributeType } from '@tributary/engine';

/** A stream's attributes, in order. */
export type StreamSchema = readonly { readonly name: string; readonly type: AttributeType }[];

function fits(type: AttributeType, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'int':
      return (
        Number.isInteger(value) &&
        (value as number) >= -2_147_483_648 &&
        (value as number) <= 2_147_483_647
      );
    case 'long':
      return Number.isSafeInteger(value);
    case 'float':
    case 'double':
      return typeof value === 'number' && Number.isFinite(value);
    case 'bool':
      return typeof value === 'boolean';
    case 'object':
      return true;
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/**
 * What is wrong with `data` as an event of a stream with `schema`, or undefined when it fits.
 * `null` fits every attribute (Siddhi events may carry nulls).
 * @example
 * eventProblem([{ name: 'price', type: 'double' }], ['x']); // "price (double) cannot be 'x'"
 */
export function eventProblem(schema: StreamSchema, data: readonly unknown[]): string | undefined {
  if (data.length !== schema.length) {
    return `expected ${String(schema.length)} value(s) (${schema
      .map((a) => `${a.name} ${a.type}`)
      .join(', ')}), got ${String(data.length)}`;
  }
  const problems: string[] = [];
  schema.forEach((attribute, i) => {
    const value = data[i];
    if (value !== null && !fits(attribute.type, value)) {
      problems.push(`${attribute.name} (${attribute.type}) cannot be ${show(value)}`);
    }
  });
  return problems.length === 0 ? undefined : problems.join('; ');
}
