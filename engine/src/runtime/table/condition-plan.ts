// Condition planning: finds the `T.attr == <expression of the matching event>` conjuncts of a
// condition, so a table can look rows up by primary key or index instead of scanning.

import type { Expression } from '../../query-api/index.js';
import type { TableScope } from './table-scope.js';

/** An equality the condition requires: the table position and what it must equal. */
export interface KeyEquality {
  readonly position: number;
  /** Reads only the matching event (and constants). */
  readonly value: Expression;
  /** The `==` conjunct it comes from. */
  readonly source: Expression;
}

function conjuncts(e: Expression, out: Expression[]): void {
  if (e.kind === 'binary' && e.op === 'and') {
    conjuncts(e.left, out);
    conjuncts(e.right, out);
  } else {
    out.push(e);
  }
}

/**
 * The equalities on single table attributes implied by `condition` (top-level `and`s only);
 * the first one found per position wins.
 * @example
 * keyEqualities(parse("T.sym == S.sym and T.price > 5"), scope) // [{ position: 0, value: S.sym }]
 */
export function keyEqualities<M>(
  condition: Expression | undefined,
  scope: TableScope<M>,
): KeyEquality[] {
  if (condition === undefined) return [];
  const parts: Expression[] = [];
  conjuncts(condition, parts);
  const found: KeyEquality[] = [];
  const seen = new Set<number>();
  for (const part of parts) {
    if (part.kind !== 'binary' || part.op !== '==') continue;
    const sides: [Expression, Expression][] = [
      [part.left, part.right],
      [part.right, part.left],
    ];
    for (const [column, value] of sides) {
      if (column.kind !== 'variable') continue;
      const position = scope.columnOf(column);
      if (position < 0 || seen.has(position) || scope.readsTable(value)) continue;
      seen.add(position);
      found.push({ position, value, source: part });
      break;
    }
  }
  return found;
}

/**
 * True when `condition` is nothing but the conjuncts of `used` (so a lookup on their values
 * decides it, for types whose `==` is the lookup's equality).
 * @example
 * coveredBy(parse("T.sym == S.sym"), keyEqualities(…)) // true
 */
export function coveredBy(
  condition: Expression | undefined,
  used: readonly KeyEquality[],
): boolean {
  if (condition === undefined) return false;
  const parts: Expression[] = [];
  conjuncts(condition, parts);
  return parts.every((part) => used.some((e) => e.source === part));
}
