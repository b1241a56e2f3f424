// Translates the engine's structured selections (on-demand `select … group by … having … order
// by … limit … offset …`) into one SELECT: the selection runs in an inner query (its own output
// columns, plus the first row's insertion order for ties), an outer query orders and cuts it as
// the engine does. Every value, limits included, is a placeholder.

import type { AttributeType, StructuredSelection } from '@tributary/engine';
import { MARK, type Dialect } from './dialect.js';
import { joinFragments, type Fragment, type Slot, type SqlCompiler } from './sql-condition.js';

/** The store's compiled selection: its parts, put around a condition by `selectionStatement`. */
export interface SqlSelection {
  /** The output columns' SQL, in order. */
  readonly items: readonly Fragment[];
  readonly types: readonly AttributeType[];
  readonly aggregating: boolean;
  readonly groupBy: readonly Fragment[];
  /** Aggregating: the HAVING condition; otherwise a condition on each row. */
  readonly having: Fragment | undefined;
  readonly orderBy: StructuredSelection['orderBy'];
  readonly offset: number;
  readonly limit: number | undefined;
}

/** The alias of output column `i` (names of the engine never enter SQL; no column's name). */
function output(dialect: Dialect, i: number): string {
  return dialect.quote(`tributary_c${String(i)}`);
}

/**
 * Compiles `selection` with the table's compiler; null when some part has no SQL form.
 * @example
 * compileSqlSelection(dialect, compiler, selection)?.items[1]?.sql; // 'SUM(CAST("price" AS REAL))'
 */
export function compileSqlSelection(
  dialect: Dialect,
  compiler: SqlCompiler,
  selection: StructuredSelection,
): SqlSelection | null {
  const items: Fragment[] = [];
  for (const item of selection.items) {
    const sql = compiler.value(item.value, 'selection');
    if (sql === null) return null;
    items.push(sql);
  }
  const groupBy: Fragment[] = [];
  for (const column of selection.groupBy) {
    if (column.type === 'object') return null;
    if (column.type === 'string' && !dialect.exactStrings) return null;
    const sql = compiler.value(column, 'selection');
    if (sql === null) return null;
    groupBy.push(sql);
  }
  let having: Fragment | undefined;
  if (selection.having !== undefined) {
    const sql = compiler.condition(selection.having, 'selection');
    if (sql === null) return null;
    having = sql;
  }
  return {
    items,
    types: selection.items.map((i) => i.value.type),
    aggregating: selection.aggregating,
    groupBy,
    having,
    orderBy: selection.orderBy,
    offset: selection.offset,
    limit: selection.limit,
  };
}

/**
 * The statement of `selection` over the rows of `table` matching `where`. `order` is the
 * table's insertion order (undefined: the database's order, as `find` has it).
 * @example
 * selectionStatement(sqlite, s, '"T"', where, 'rowid').sql
 * // SELECT "tributary_c0", "tributary_c1" FROM (SELECT "symbol" AS "tributary_c0", SUM(…) AS
 * // "tributary_c1", MIN(rowid) AS "tributary_first" FROM "T" GROUP BY "symbol") AS
 * // "tributary_selection" ORDER BY "tributary_c1" DESC, "tributary_first" ASC LIMIT ?
 */
export function selectionStatement(
  dialect: Dialect,
  selection: SqlSelection,
  table: string,
  where: Fragment | undefined,
  order: string | undefined,
): Fragment {
  const first = dialect.quote('tributary_first');
  const columns = selection.items.map((item, i) => ({
    sql: `${item.sql} AS ${output(dialect, i)}`,
    slots: item.slots,
  }));
  if (order !== undefined) {
    const sql = selection.aggregating ? `MIN(${order})` : order;
    columns.push({ sql: `${sql} AS ${first}`, slots: [] });
  }
  const filters: Fragment[] = [];
  if (where !== undefined) filters.push(where);
  let having: Fragment | undefined;
  if (selection.aggregating) {
    having = selection.having;
    if (selection.groupBy.length === 0) {
      // One row over all records, and none when there is no record, as in the engine.
      const some = { sql: '(COUNT(*) > 0)', slots: [] };
      having = having === undefined ? some : joinFragments([some, having], ' AND ');
    }
  } else if (selection.having !== undefined) {
    filters.push(selection.having);
  }
  const parts: Fragment[] = [
    { sql: 'SELECT ', slots: [] },
    joinFragments(columns, ', '),
    { sql: ` FROM ${table}`, slots: [] },
  ];
  if (filters.length > 0) {
    parts.push({ sql: ' WHERE ', slots: [] }, joinFragments(filters, ' AND '));
  }
  if (selection.groupBy.length > 0) {
    parts.push({ sql: ' GROUP BY ', slots: [] }, joinFragments(selection.groupBy, ', '));
  }
  if (having !== undefined) parts.push({ sql: ' HAVING ', slots: [] }, having);
  const inner = joinFragments(parts, '');
  const keys = selection.orderBy.map((o) =>
    dialect.orderKey(output(dialect, o.index), selection.types[o.index] ?? 'object', o.descending),
  );
  if (order !== undefined) keys.push(`${first} ASC`);
  const limit = selection.limit === undefined ? undefined : MARK;
  const offset = selection.offset > 0 ? MARK : undefined;
  const cut: Slot[] = [];
  if (limit !== undefined) cut.push({ from: 'constant', value: selection.limit, type: 'long' });
  if (offset !== undefined) cut.push({ from: 'constant', value: selection.offset, type: 'long' });
  const outputs = selection.items.map((_, i) => output(dialect, i)).join(', ');
  return {
    sql:
      `SELECT ${outputs} FROM (${inner.sql}) AS ${dialect.quote('tributary_selection')}` +
      (keys.length > 0 ? ` ORDER BY ${keys.join(', ')}` : '') +
      dialect.limit(limit, offset),
    slots: [...inner.slots, ...cut],
  };
}
