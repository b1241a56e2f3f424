// Translates the engine's structured conditions, `set` values and selection values (aggregates
// included) into SQL fragments. Every value — parameters computed from events, constants of the
// app text — becomes a placeholder with a slot saying where its value comes from, so no value is
// ever part of the SQL text. Comparisons keep the engine's two-valued logic: under `not`, SQL's
// NULL counts as false.

import type {
  AttributeType,
  SelectionCondition,
  SelectionValue,
  StructuredCondition,
  StructuredSet,
} from '@tributary/engine';
import { MARK, type Dialect } from './dialect.js';

/** Where a placeholder's value comes from when the statement runs. */
export type Slot =
  | { readonly from: ParameterSource; readonly index: number; readonly type: AttributeType }
  | { readonly from: 'record'; readonly index: number; readonly type: AttributeType }
  | { readonly from: 'constant'; readonly value: unknown; readonly type: AttributeType };

/**
 * Which parameter list a `parameter` node reads: the condition's, the `set` clause's or the
 * selection's.
 */
export type ParameterSource = 'param' | 'set' | 'selection';

/** What the compiler translates: conditions and values of conditions, sets and selections. */
export type SqlNode = StructuredCondition | SelectionCondition;

/** SQL text with placeholder marks, and one slot per mark, in order. */
export interface Fragment {
  readonly sql: string;
  readonly slots: readonly Slot[];
}

/** The columns a fragment may name: attribute name → type. */
export type ColumnTypes = ReadonlyMap<string, AttributeType>;

const COMPARE: Readonly<Record<string, string>> = {
  '==': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

const INTEGER: ReadonlySet<AttributeType> = new Set(['int', 'long']);

/** Joins fragments with SQL text between them. */
export function joinFragments(parts: readonly Fragment[], separator: string): Fragment {
  return {
    sql: parts.map((p) => p.sql).join(separator),
    slots: parts.flatMap((p) => p.slots),
  };
}

/**
 * Compiles conditions and values for one table. `from` says what a `parameter` node reads:
 * condition parameters, or `set` parameters. Column references go through `column`, which may
 * substitute an expression (earlier assignments of a `set` clause).
 */
export class SqlCompiler {
  constructor(
    private readonly dialect: Dialect,
    private readonly columns: ColumnTypes,
    /** Qualifies column references (PostgreSQL upserts, where a bare name is ambiguous). */
    private readonly qualifier?: string,
  ) {}

  /** The SQL of a condition, or null when some part cannot be expressed in SQL. */
  condition(
    node: SqlNode,
    from: ParameterSource = 'param',
    substitute?: ReadonlyMap<string, Fragment>,
  ): Fragment | null {
    switch (node.kind) {
      case 'and':
      case 'or': {
        const left = this.condition(node.left, from, substitute);
        const right = this.condition(node.right, from, substitute);
        if (left === null || right === null) return null;
        return wrap(joinFragments([left, right], node.kind === 'and' ? ' AND ' : ' OR '));
      }
      case 'not': {
        const operand = this.condition(node.operand, from, substitute);
        if (operand === null) return null;
        return { sql: `(NOT ((${operand.sql}) IS TRUE))`, slots: operand.slots };
      }
      case 'isNull': {
        const operand = this.value(node.operand, from, substitute);
        if (operand === null) return null;
        return { sql: `(${operand.sql} IS NULL)`, slots: operand.slots };
      }
      case 'compare': {
        if (!comparable(node.left, node.right, node.op)) return null;
        const left = this.value(node.left, from, substitute);
        const right = this.value(node.right, from, substitute);
        if (left === null || right === null) return null;
        const op = COMPARE[node.op];
        if (op === undefined) return null;
        return wrap(joinFragments([left, right], ` ${op} `));
      }
      default:
        return this.value(node, from, substitute);
    }
  }

  /** The SQL of a value, or null when it cannot be expressed in SQL. */
  value(
    node: SqlNode,
    from: ParameterSource = 'param',
    substitute?: ReadonlyMap<string, Fragment>,
  ): Fragment | null {
    switch (node.kind) {
      case 'column': {
        const replaced = substitute?.get(node.name);
        if (replaced !== undefined) return replaced;
        if (!this.columns.has(node.name)) return null;
        const column = this.dialect.quote(node.name);
        return {
          sql: this.qualifier === undefined ? column : `${this.qualifier}.${column}`,
          slots: [],
        };
      }
      case 'parameter':
        return { sql: MARK, slots: [{ from, index: node.index, type: node.type }] };
      case 'constant':
        return { sql: MARK, slots: [{ from: 'constant', value: node.value, type: node.type }] };
      case 'math':
        return this.math(node, from, substitute);
      case 'aggregate':
        return this.aggregate(node, from);
      case 'engine':
        return null;
      default:
        // A condition used as a value (a bool expression assigned by `set`).
        return this.condition(node, from, substitute);
    }
  }

  private math(
    node: Extract<SqlNode, { kind: 'math' }>,
    from: ParameterSource,
    substitute?: ReadonlyMap<string, Fragment>,
  ): Fragment | null {
    if (node.type === 'string' || node.type === 'object' || node.type === 'bool') return null;
    const integer = INTEGER.has(node.type);
    // SQLite's and PostgreSQL's `%` do not take fractions the way Java does.
    if (node.op === '%' && !integer && this.dialect.kind !== 'mysql') return null;
    const left = this.value(node.left, from, substitute);
    const right = this.value(node.right, from, substitute);
    if (left === null || right === null) return null;
    const slots = [...left.slots, ...right.slots];
    switch (node.op) {
      case '/': {
        // Dividing by zero gives null in the engine, as NULLIF makes it in SQL.
        const divisor = `NULLIF(${right.sql}, 0)`;
        const sql = integer
          ? this.dialect.integerDivide(left.sql, divisor)
          : `(${left.sql} / ${divisor})`;
        return { sql, slots };
      }
      case '%':
        return { sql: `(${left.sql} % NULLIF(${right.sql}, 0))`, slots };
      default:
        return { sql: `(${left.sql} ${node.op} ${right.sql})`, slots };
    }
  }

  /** The SQL of an aggregate (semantics: `SelectionValue`), or null. */
  private aggregate(
    node: Extract<SelectionValue, { kind: 'aggregate' }>,
    from: ParameterSource,
  ): Fragment | null {
    if (node.fn === 'count') return { sql: 'COUNT(*)', slots: [] };
    const argument = node.argument === undefined ? null : this.value(node.argument, from);
    const type = node.argument?.type;
    if (argument === null || type === undefined || type === 'object') return null;
    const numeric = type === 'int' || type === 'long' || type === 'float' || type === 'double';
    const floating = type === 'float' || type === 'double';
    const call = (fn: string, sql: string): Fragment => ({
      sql: `${fn}(${sql})`,
      slots: argument.slots,
    });
    switch (node.fn) {
      case 'sum':
        if (!numeric) return null;
        if (floating) return call('SUM', this.dialect.toDouble(argument.sql));
        return { sql: this.dialect.integerSum(argument.sql), slots: argument.slots };
      case 'avg':
        return numeric ? call('AVG', this.dialect.toDouble(argument.sql)) : null;
      case 'min':
        return numeric ? call('MIN', argument.sql) : null;
      case 'max':
        return numeric ? call('MAX', argument.sql) : null;
      case 'distinctCount':
        if (type === 'string' && !this.dialect.exactStrings) return null;
        // The engine counts null as one more value; COUNT(DISTINCT) skips it.
        return {
          sql: `(COUNT(DISTINCT ${argument.sql}) + MAX(CASE WHEN ${argument.sql} IS NULL THEN 1 ELSE 0 END))`,
          slots: [...argument.slots, ...argument.slots],
        };
    }
  }

  /**
   * The SQL assignments of a `set` clause (`"col" = value`), or null when a value cannot be
   * expressed. Later values see earlier assignments, as the engine's do.
   */
  assignments(set: StructuredSet): Fragment[] | null {
    const out: Fragment[] = [];
    // MySQL evaluates assignments left to right itself; the others see the old row.
    const sequential = this.dialect.kind !== 'mysql';
    const assigned = new Map<string, Fragment>();
    for (const [i, column] of set.columns.entries()) {
      const node = set.values[i];
      if (node === undefined || !this.columns.has(column)) return null;
      const value = this.value(node, 'set', sequential ? assigned : undefined);
      if (value === null) return null;
      assigned.set(column, value);
      out.push({ sql: `${this.dialect.quote(column)} = ${value.sql}`, slots: value.slots });
    }
    return out;
  }
}

function wrap(fragment: Fragment): Fragment {
  return { sql: `(${fragment.sql})`, slots: fragment.slots };
}

/** Objects compare by identity in the engine; only equality of their bytes is pushed down. */
function comparable(
  left: { readonly type: AttributeType },
  right: { readonly type: AttributeType },
  op: string,
): boolean {
  const objects = left.type === 'object' || right.type === 'object';
  if (!objects) return true;
  return (op === '==' || op === '!=') && left.type === right.type;
}

/**
 * The parameter index each primary-key column is compared with, when `node` is exactly
 * `pk1 == p1 and pk2 == p2 …` over the whole key (undefined otherwise).
 */
export function keyEquality(
  node: StructuredCondition | undefined,
  keyColumns: readonly string[],
): readonly number[] | undefined {
  if (node === undefined || keyColumns.length === 0) return undefined;
  const found = new Map<string, number>();
  const visit = (n: StructuredCondition): boolean => {
    if (n.kind === 'and') return visit(n.left) && visit(n.right);
    if (n.kind !== 'compare' || n.op !== '==') return false;
    const [column, parameter] = n.left.kind === 'column' ? [n.left, n.right] : [n.right, n.left];
    if (column.kind !== 'column' || parameter.kind !== 'parameter') return false;
    if (column.type !== parameter.type || found.has(column.name)) return false;
    found.set(column.name, parameter.index);
    return true;
  };
  if (!visit(node) || found.size !== keyColumns.length) return undefined;
  const indexes: number[] = [];
  for (const column of keyColumns) {
    const index = found.get(column);
    if (index === undefined) return undefined;
    indexes.push(index);
  }
  return indexes;
}
