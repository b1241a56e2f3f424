// Partition keys (Siddhi's partition executors): `attr of S` keys an event by the string of any
// expression's value (null drops it); `cond as 'label'` ranges key it by each matching label.

import type { AttributeType } from '../../query-api/index.js';
import type { StreamEvent } from '../event/event.js';
import { javaDoubleToString, javaFloatToString } from '../expression/java-numbers.js';

/** The key of an event for one executor, or null when the executor does not take it. */
export type PartitionKeyFunction = (event: StreamEvent) => string | null;

/** The string Java's `toString` gives a value of `type` (keys match Siddhi's). */
function keyStringOf(type: AttributeType): (value: unknown) => string {
  if (type === 'double') return (v) => (typeof v === 'number' ? javaDoubleToString(v) : String(v));
  if (type === 'float') return (v) => (typeof v === 'number' ? javaFloatToString(v) : String(v));
  return (v) => String(v);
}

/**
 * `expression of S`: the event's key is the value of the (compiled) expression.
 * @example
 * const key = valueKey((e) => e.data[0], 'string');
 * key({ timestamp: 0, type: 'current', data: ['IBM', 10] }) // 'IBM'
 */
export function valueKey(
  evaluate: (event: StreamEvent) => unknown,
  type: AttributeType,
): PartitionKeyFunction {
  const toKey = keyStringOf(type);
  return (event) => {
    const value = evaluate(event);
    return value === null || value === undefined ? null : toKey(value);
  };
}

/**
 * `condition as 'label'`: one range; the event's key is the label when the condition holds.
 * @example
 * const low = rangeKey((e) => (e.data[1] as number) < 100, 'low');
 */
export function rangeKey(
  condition: (event: StreamEvent) => unknown,
  label: string,
): PartitionKeyFunction {
  return (event) => (condition(event) === true ? label : null);
}
