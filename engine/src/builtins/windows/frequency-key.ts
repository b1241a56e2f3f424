// The keys of Siddhi's frequent and lossyFrequent windows: the attribute values concatenated as
// Java's `StringBuilder.append` prints them (`73.36` for a float, `100` for a long, `null`).

import type { AttributeType } from '../../query-api/index.js';
import { javaDoubleToString, javaFloatToString } from '../../runtime/expression/java-numbers.js';
import type { StreamEvent } from '../../runtime/event/event.js';
import type { WindowArgument, WindowAttribute } from '../../runtime/window/window.js';
import { WindowArgumentError } from '../../runtime/window/window.js';

/** How Java prints one attribute value of `type`. */
export function javaText(value: unknown, type: AttributeType): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') {
    if ((type === 'int' || type === 'long') && Number.isInteger(value)) return String(value);
    return type === 'float' ? javaFloatToString(value) : javaDoubleToString(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** Reads the key of an event. */
export type KeyReader = (event: StreamEvent) => string;

/**
 * The key over the attribute arguments from `from` on, or over every attribute when there are
 * none (Siddhi: the event's output data, i.e. all attributes the query reads).
 * @example
 * const key = frequencyKey(args, 1, ctx.attributes); key(event) // '3234-3244-2432-412473.36'
 */
export function frequencyKey(
  args: readonly WindowArgument[],
  from: number,
  attributes: readonly WindowAttribute[],
): KeyReader {
  const columns: { index: number; type: AttributeType }[] = [];
  for (let i = from; i < args.length; i += 1) {
    const a = args[i]?.attribute;
    if (a === undefined) throw new WindowArgumentError('expects attributes after the count');
    columns.push({ index: a.index, type: attributes[a.index]?.type ?? 'object' });
  }
  if (columns.length === 0) attributes.forEach((a, index) => columns.push({ index, type: a.type }));
  return (event) => {
    let key = '';
    for (const c of columns) key += javaText(event.data[c.index] ?? null, c.type);
    return key;
  };
}
