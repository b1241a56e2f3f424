// The expression scope of table conditions and `set` clauses: a context holding one table row
// and the matching event. Names qualified by the table (id or alias) read the row; other names
// read the matching event, and unqualified names the event first, then the row.

import type { Expression, Variable } from '../../query-api/index.js';
import { ExpressionCompileError } from '../expression/expression-errors.js';
import type { ExpressionScope, ValueAccessor } from '../expression/types.js';
import type { MatchingOptions, Row, TableSchema } from './table.js';

/** The context a table condition is evaluated in (reused between evaluations). */
export interface TableMatch<M> {
  event: M | null;
  row: Row;
}

/** A compiled-at-plan-time view of how the names of an expression resolve. */
export interface TableScope<M> {
  readonly scope: ExpressionScope<TableMatch<M>>;
  /** The table position `v` names, or -1 when it names the matching event. */
  columnOf(v: Variable): number;
  /** True when the expression reads the table row anywhere (or cannot be analysed). */
  readsTable(e: Expression): boolean;
}

function unknown(v: Variable, tableId: string): ExpressionCompileError {
  const name = v.stream === undefined ? v.attribute : `${v.stream}.${v.attribute}`;
  return new ExpressionCompileError(
    'E_PLAN_TYPE',
    `unknown attribute '${name}' (table '${tableId}' or the matching event)`,
  );
}

/**
 * The scope of conditions on `schema` under `options`.
 * @example
 * const { scope } = tableScope(schema, { tableNames: ['T'], matching, functions });
 */
export function tableScope<M>(schema: TableSchema, options: MatchingOptions<M>): TableScope<M> {
  const { tableNames, matching } = options;
  const attributes = schema.attributes;
  const matchingAccessor = (v: Variable): ValueAccessor<M> | undefined => {
    if (matching === undefined) return undefined;
    try {
      return matching.resolve(v);
    } catch {
      return undefined;
    }
  };
  const columnOf = (v: Variable): number => {
    if (v.stream !== undefined) {
      if (v.inner === true || v.fault === true || !tableNames.includes(v.stream)) return -1;
      return attributes.findIndex((a) => a.name === v.attribute);
    }
    if (v.streamIndex === undefined && matchingAccessor(v) !== undefined) return -1;
    return attributes.findIndex((a) => a.name === v.attribute);
  };
  const scope: ExpressionScope<TableMatch<M>> = {
    resolve(v: Variable): ValueAccessor<TableMatch<M>> {
      const qualifiedByTable = v.stream !== undefined && tableNames.includes(v.stream);
      if (!qualifiedByTable) {
        const inner = matchingAccessor(v);
        if (inner !== undefined) {
          const read = inner.read;
          return { type: inner.type, read: (c) => (c.event === null ? null : read(c.event)) };
        }
        if (v.stream !== undefined) throw unknown(v, schema.id);
      }
      const index = attributes.findIndex((a) => a.name === v.attribute);
      const attribute = attributes[index];
      if (attribute === undefined || v.streamIndex !== undefined) throw unknown(v, schema.id);
      return { type: attribute.type, read: (c) => c.row[index] ?? null };
    },
    timestamp: (c) =>
      c.event === null || matching === undefined ? 0 : matching.timestamp(c.event),
  };
  const readsTable = (e: Expression): boolean => {
    switch (e.kind) {
      case 'constant':
      case 'time':
      case 'isNullStream':
        return false;
      case 'variable':
        return columnOf(e) >= 0;
      case 'function':
        return e.allAttributes === true || e.args.some(readsTable);
      case 'binary':
        return readsTable(e.left) || readsTable(e.right);
      case 'not':
      case 'isNull':
        return readsTable(e.operand);
      case 'in':
        return true;
    }
  };
  return { scope, columnOf, readsTable };
}
