// `order by`, `offset` and `limit` over one output chunk of a selector. Like Siddhi, runs of
// events of the same type (current / expired) are sorted separately, stably.

import type { OrderByAttribute, Variable } from '../../../query-api/index.js';
import type { StreamEvent } from '../../event/event.js';

/** Compares two output rows by the `order by` columns. */
export type RowComparator = (a: readonly unknown[], b: readonly unknown[]) => number;

/** Compares two values of one column: nulls first, numbers and strings naturally, bools false < true. */
export function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a ? 1 : -1;
  const sa = typeof a === 'string' ? a : JSON.stringify(a);
  const sb = typeof b === 'string' ? b : JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** One `order by` column: its position in the (possibly widened) row and its direction. */
export interface OrderColumn {
  readonly index: number;
  /** 1 ascending, -1 descending. */
  readonly sign: 1 | -1;
}

/**
 * Where each `order by` attribute is read. Like Siddhi, an attribute names an output attribute;
 * in joins and patterns (`inputs` given) an unqualified name the output lacks, or any name
 * qualified by a stream reference (`s.price`), is an input attribute instead — `inputs` places it
 * in a hidden column after the output's and returns that column's index.
 * @example
 * orderColumns(selector.orderBy, ['symbol', 'total'], undefined) // order by total desc → [{ index: 1, sign: -1 }]
 */
export function orderColumns(
  orderBy: readonly OrderByAttribute[],
  outputNames: readonly string[],
  inputs: ((variable: Variable) => number) | undefined,
): OrderColumn[] {
  return orderBy.map((o) => {
    const sign = o.order === 'desc' ? -1 : 1;
    const qualifiedInput = inputs !== undefined && o.variable.stream !== undefined;
    const index = qualifiedInput ? -1 : outputNames.indexOf(o.variable.attribute);
    if (index >= 0) return { index, sign };
    if (inputs === undefined) {
      throw new Error(
        `order by '${o.variable.attribute}': not an attribute of the query output (${outputNames.join(', ')})`,
      );
    }
    return { index: inputs(o.variable), sign };
  });
}

/**
 * Builds the comparator of `order by` over rows holding the columns at the given indexes.
 * @example
 * const compare = compileOrderBy([{ index: 1, sign: -1 }]); // order by the second column, descending
 */
export function compileOrderBy(columns: readonly OrderColumn[]): RowComparator {
  return (a, b) => {
    for (const { index, sign } of columns) {
      const c = compareValues(a[index], b[index]);
      if (c !== 0) return c * sign;
    }
    return 0;
  };
}

/** One output event with its group key (kept together while sorting). */
export interface KeyedEvent {
  readonly event: StreamEvent;
  readonly key: string;
}

/** Sorts each run of same-typed events in place (stable). */
export function sortRuns(items: KeyedEvent[], compare: RowComparator): void {
  const byData = (x: KeyedEvent, y: KeyedEvent): number => compare(x.event.data, y.event.data);
  let start = 0;
  let runType: string | undefined;
  let i = 0;
  for (const item of items) {
    if (item.event.type !== runType) {
      if (i - start > 1) items.splice(start, i - start, ...items.slice(start, i).sort(byData));
      start = i;
      runType = item.event.type;
    }
    i += 1;
  }
  if (i - start > 1) items.splice(start, i - start, ...items.slice(start, i).sort(byData));
}
