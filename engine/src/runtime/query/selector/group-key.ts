// Group-by keys: the values of the `group by` attributes of one event, as one string (Siddhi
// joins their string forms with ':::'), built by a closure compiled once per query.

import type { Variable } from '../../../query-api/index.js';
import type { Evaluator, ExpressionScope } from '../../expression/types.js';

/** Separates the values of a multi-attribute key, as Siddhi's GroupByKeyGenerator does. */
export const GROUP_KEY_SEPARATOR = ':::';

function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/**
 * Compiles the key of `group by a, b…` against `scope`.
 * @example
 * const key = compileGroupKey([symbolVariable], scope); key(event); // 'IBM'
 */
export function compileGroupKey<C>(
  groupBy: readonly Variable[],
  scope: ExpressionScope<C>,
): (c: C) => string {
  const readers: Evaluator<C>[] = groupBy.map((v) => scope.resolve(v).read);
  const [first, second] = readers;
  if (first === undefined) return () => '';
  if (readers.length === 1) return (c) => text(first(c));
  if (readers.length === 2 && second !== undefined) {
    return (c) => text(first(c)) + GROUP_KEY_SEPARATOR + text(second(c));
  }
  const rest = readers.slice(1);
  return (c) => {
    let key = text(first(c));
    for (const read of rest) key += GROUP_KEY_SEPARATOR + text(read(c));
    return key;
  };
}
