// The structured form of a whole selection over one table (`select … group by … having … order
// by … limit … offset …`), for stores that run it themselves (Siddhi's compileSelection). The
// engine builds one only when a store evaluating it as documented gives exactly the rows the
// engine's selector would: built-in aggregates, group-by columns, monotone `having`s, no float
// arithmetic nested in other arithmetic; anything else stays with the engine.

import type {
  AttributeType,
  ArithmeticOperator,
  ComparisonOperator,
  Expression,
  FunctionCall,
  Selector,
  Variable,
} from '../../query-api/index.js';
import { compileExpression } from '../expression/compile-expression.js';
import { ExpressionCompileError } from '../expression/expression-errors.js';
import type { Evaluator, ExpressionScope, ValueAccessor } from '../expression/types.js';
import { orderColumns } from '../query/selector/order-by.js';
import type { Row, SelectionOptions, TableSchema } from './table.js';
import { tableScope, type TableMatch, type TableScope } from './table-scope.js';

/** The built-in aggregates a store may compute. */
export type AggregateFunction = 'sum' | 'count' | 'avg' | 'min' | 'max' | 'distinctCount';

/** A table column of the structured forms. */
export interface SelectionColumn {
  readonly kind: 'column';
  readonly name: string;
  readonly type: AttributeType;
}

/**
 * A value of a selection: the leaves and arithmetic of `StructuredValue` (same semantics: Java
 * arithmetic, `/` and `%` by zero give null), plus aggregates over the rows of a group.
 * Aggregates (the engine's built-ins, `type` being their result type):
 * - `sum`: of the non-null values; null when there are none (long for int/long, double otherwise).
 * - `count`: the number of records, nulls included (`argument` is always undefined).
 * - `avg`: the double mean of the non-null values; null when there are none.
 * - `min`, `max`: of the non-null values, of their type; null when there are none.
 * - `distinctCount`: how many distinct values, null counting as one value.
 */
export type SelectionValue =
  | SelectionColumn
  | { readonly kind: 'parameter'; readonly index: number; readonly type: AttributeType }
  | {
      readonly kind: 'constant';
      readonly value: string | number | boolean | null;
      readonly type: AttributeType;
    }
  | {
      readonly kind: 'math';
      readonly op: ArithmeticOperator;
      readonly left: SelectionValue;
      readonly right: SelectionValue;
      readonly type: AttributeType;
    }
  | {
      readonly kind: 'aggregate';
      readonly fn: AggregateFunction;
      /** Never holds an aggregate. */
      readonly argument: SelectionValue | undefined;
      readonly type: AttributeType;
    };

/** A condition of a selection (`having`): two-valued logic, as `StructuredCondition`. */
export type SelectionCondition =
  | SelectionValue
  | {
      readonly kind: 'and' | 'or';
      readonly left: SelectionCondition;
      readonly right: SelectionCondition;
    }
  | { readonly kind: 'not'; readonly operand: SelectionCondition }
  | {
      readonly kind: 'compare';
      readonly op: ComparisonOperator;
      readonly left: SelectionValue;
      readonly right: SelectionValue;
    }
  | { readonly kind: 'isNull'; readonly operand: SelectionValue };

/** One output attribute. */
export interface SelectionItem {
  readonly name: string;
  readonly value: SelectionValue;
}

/** One `order by` key: an output position and its direction. */
export interface SelectionOrder {
  readonly index: number;
  readonly descending: boolean;
}

/**
 * A selection over the records a condition finds, as a store must evaluate it:
 * 1. `aggregating` (aggregates or `group by`): one output row per distinct `groupBy` values, or
 *    exactly one over all records without `groupBy` — none when no record matches. `having`
 *    keeps the groups it is true for. Otherwise one output row per record, `having` (over
 *    columns only) keeping the records it is true for.
 * 2. Order: by `orderBy` (ascending: nulls first; descending: nulls last; strings by code point,
 *    false before true); ties, and every row without `orderBy`, in the order of each row's
 *    first record in the store's own order (insertion order).
 * 3. `offset` rows skipped, then at most `limit` rows kept.
 * Column references outside aggregates are `groupBy` columns when aggregating. Output values
 * are of their item's type (float results rounded to 32 bits).
 */
export interface StructuredSelection {
  readonly items: readonly SelectionItem[];
  readonly aggregating: boolean;
  readonly groupBy: readonly SelectionColumn[];
  readonly having: SelectionCondition | undefined;
  readonly orderBy: readonly SelectionOrder[];
  readonly offset: number;
  readonly limit: number | undefined;
}

/** A structured selection and the evaluators of its parameters (index = `parameter.index`). */
export interface SelectionCompilation<M> {
  readonly selection: StructuredSelection;
  readonly parameters: readonly Evaluator<TableMatch<M>>[];
}

/** The built-ins' names (a registry holds one aggregator per namespace and name). */
const BUILTINS: ReadonlySet<string> = new Set([
  'sum',
  'count',
  'avg',
  'min',
  'max',
  'distinctCount',
]);
/** Aggregates that never decrease as records are added (`count`, `max`, `distinctCount`)… */
const RISING: ReadonlySet<AggregateFunction> = new Set(['count', 'max', 'distinctCount']);
/** …and that never increase. */
const FALLING: ReadonlySet<AggregateFunction> = new Set(['min']);
const CONSTANT_TYPES: ReadonlySet<AttributeType> = new Set([
  'string',
  'int',
  'long',
  'float',
  'double',
  'bool',
]);
const ARITHMETIC: ReadonlySet<string> = new Set(['+', '-', '*', '/', '%']);
const COMPARISON: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=']);
const NO_ROW: Row = [];

/** How names resolve while compiling: `having` sees the output attributes first. */
interface Context<M> {
  readonly scope: ExpressionScope<TableMatch<M>>;
  readonly outputs: ReadonlyMap<string, SelectionValue> | undefined;
}

/** Builds the structured values of one selection, collecting parameters. */
class SelectionCompiler<M> {
  readonly parameters: Evaluator<TableMatch<M>>[] = [];
  private readonly view: TableScope<M>;
  /** The input scope, aggregates typed as the selector types them. */
  readonly input: ExpressionScope<TableMatch<M>>;

  constructor(
    private readonly schema: TableSchema,
    private readonly options: SelectionOptions<M>,
  ) {
    this.view = tableScope(schema, options);
    const base = this.view.scope;
    this.input = {
      resolve: (v) => base.resolve(v),
      timestamp: (c) => base.timestamp(c),
      resolveAggregate: (call) => this.aggregateAccessor(call, base),
    };
  }

  /** The having scope: unqualified output names read the output attribute. */
  havingScope(names: readonly string[], types: readonly AttributeType[]): Context<M>['scope'] {
    const input = this.input;
    return {
      resolve: (v) => {
        const index = v.stream === undefined ? names.indexOf(v.attribute) : -1;
        if (index < 0) return input.resolve(v);
        return { type: types[index] ?? 'object', read: () => null };
      },
      timestamp: (c) => input.timestamp(c),
      resolveAggregate: (call) => input.resolveAggregate?.(call),
    };
  }

  private aggregateAccessor(
    call: FunctionCall,
    base: ExpressionScope<TableMatch<M>>,
  ): ValueAccessor<TableMatch<M>> | undefined {
    const impl = this.options.aggregators.get(call.namespace ?? '', call.name);
    if (impl === undefined) return undefined;
    const types = call.args.map((a) => compileExpression(a, base, this.options.functions).type);
    return { type: impl.create(types, { removes: false }).returnType, read: () => null };
  }

  /** The built-in aggregate `call` is, if it is one. */
  private builtinOf(call: FunctionCall): AggregateFunction | undefined {
    if ((call.namespace ?? '') !== '' || !BUILTINS.has(call.name)) return undefined;
    if (this.options.aggregators.get('', call.name) === undefined) return undefined;
    return call.name as AggregateFunction;
  }

  /** True when `e` calls an aggregator anywhere. */
  hasAggregate(e: Expression): boolean {
    switch (e.kind) {
      case 'function':
        return (
          this.options.aggregators.get(e.namespace ?? '', e.name) !== undefined ||
          e.args.some((a) => this.hasAggregate(a))
        );
      case 'binary':
        return this.hasAggregate(e.left) || this.hasAggregate(e.right);
      case 'not':
      case 'isNull':
        return this.hasAggregate(e.operand);
      default:
        return false;
    }
  }

  /** True when `e` reads nothing but constants and attributes of the matching event. */
  private readsOnlyMatching(e: Expression): boolean {
    switch (e.kind) {
      case 'constant':
        return true;
      case 'variable':
        return this.view.columnOf(e) < 0;
      case 'binary':
        return this.readsOnlyMatching(e.left) && this.readsOnlyMatching(e.right);
      case 'not':
      case 'isNull':
        return this.readsOnlyMatching(e.operand);
      default:
        // Function calls may differ per row (UUID(), currentTimeMillis()): the engine's job.
        return false;
    }
  }

  /**
   * The structured value of `e`, or null when it has no exact structured form. `nested`: `e`
   * is an operand of arithmetic or an aggregate (float arithmetic there would be rounded to 32
   * bits at each step by the engine, not by a store).
   */
  value(e: Expression, context: Context<M>, nested: boolean): SelectionValue | null {
    if (e.kind === 'variable' && e.stream === undefined) {
      const output = context.outputs?.get(e.attribute);
      if (output !== undefined) return nested && isFloatMath(output) ? null : output;
    }
    const compiled = compileExpression(e, context.scope, this.options.functions);
    const type = compiled.type;
    const readsRow =
      this.hasAggregate(e) || this.view.readsTable(e) || readsOutput(e, context.outputs);
    if (!readsRow) {
      if (compiled.constant && CONSTANT_TYPES.has(type)) {
        const value = compiled.evaluate({ event: null, row: NO_ROW }) ?? null;
        return { kind: 'constant', value: value as string | number | boolean | null, type };
      }
      if (!this.readsOnlyMatching(e)) return null;
      this.parameters.push(compileExpression(e, this.view.scope, this.options.functions).evaluate);
      return { kind: 'parameter', index: this.parameters.length - 1, type };
    }
    switch (e.kind) {
      case 'variable': {
        const attribute = this.schema.attributes[this.view.columnOf(e)];
        return attribute === undefined ? null : { kind: 'column', name: attribute.name, type };
      }
      case 'function':
        return this.aggregate(e, type);
      case 'binary': {
        if (!ARITHMETIC.has(e.op) || (nested && type === 'float')) return null;
        const left = this.value(e.left, context, true);
        const right = this.value(e.right, context, true);
        if (left === null || right === null) return null;
        return { kind: 'math', op: e.op as ArithmeticOperator, left, right, type };
      }
      default:
        return null;
    }
  }

  private aggregate(call: FunctionCall, type: AttributeType): SelectionValue | null {
    const fn = this.builtinOf(call);
    if (fn === undefined) return null;
    // count() counts records whatever its argument.
    if (fn === 'count') return { kind: 'aggregate', fn, argument: undefined, type };
    const [arg] = call.args;
    if (arg === undefined || call.args.length !== 1 || this.hasAggregate(arg)) return null;
    const argument = this.value(arg, { scope: this.input, outputs: undefined }, true);
    // The engine tells objects apart by identity, a store by value.
    if (argument === null || argument.type === 'object') return null;
    return { kind: 'aggregate', fn, argument, type };
  }

  /** The structured form of a `having` condition, or null. */
  condition(e: Expression, context: Context<M>): SelectionCondition | null {
    if (e.kind === 'binary' && (e.op === 'and' || e.op === 'or')) {
      const left = this.condition(e.left, context);
      const right = this.condition(e.right, context);
      return left === null || right === null ? null : { kind: e.op, left, right };
    }
    if (e.kind === 'not') {
      const operand = this.condition(e.operand, context);
      return operand === null ? null : { kind: 'not', operand };
    }
    if (e.kind === 'isNull') {
      const operand = this.value(e.operand, context, false);
      return operand === null ? null : { kind: 'isNull', operand };
    }
    if (e.kind === 'binary' && COMPARISON.has(e.op)) {
      // Float arithmetic compared would be rounded by the engine first.
      const left = this.value(e.left, context, true);
      const right = this.value(e.right, context, true);
      if (left === null || right === null) return null;
      return { kind: 'compare', op: e.op as ComparisonOperator, left, right };
    }
    const value = this.value(e, context, false);
    return value?.type === 'bool' ? value : null;
  }

  /** The column `v` names (group by), or null. */
  column(v: Variable): SelectionColumn | null {
    const attribute = this.schema.attributes[this.view.columnOf(v)];
    return attribute === undefined
      ? null
      : { kind: 'column', name: attribute.name, type: attribute.type };
  }
}

/** True when `e` names an output attribute (in `having`). */
function readsOutput(
  e: Expression,
  outputs: ReadonlyMap<string, SelectionValue> | undefined,
): boolean {
  if (outputs === undefined) return false;
  switch (e.kind) {
    case 'variable':
      return e.stream === undefined && outputs.has(e.attribute);
    case 'function':
      return e.args.some((a) => readsOutput(a, outputs));
    case 'binary':
      return readsOutput(e.left, outputs) || readsOutput(e.right, outputs);
    case 'not':
    case 'isNull':
      return readsOutput(e.operand, outputs);
    default:
      return false;
  }
}

function isFloatMath(v: SelectionValue): boolean {
  return v.kind === 'math' && v.type === 'float';
}

/** Columns read outside aggregates. */
function freeColumns(node: SelectionCondition, out: string[]): string[] {
  switch (node.kind) {
    case 'column':
      out.push(node.name);
      break;
    case 'math':
    case 'compare':
    case 'and':
    case 'or':
      freeColumns(node.left, out);
      freeColumns(node.right, out);
      break;
    case 'not':
    case 'isNull':
      freeColumns(node.operand, out);
      break;
    default:
      break;
  }
  return out;
}

function readsAggregate(node: SelectionCondition): boolean {
  switch (node.kind) {
    case 'aggregate':
      return true;
    case 'math':
    case 'compare':
    case 'and':
    case 'or':
      return readsAggregate(node.left) || readsAggregate(node.right);
    case 'not':
    case 'isNull':
      return readsAggregate(node.operand);
    default:
      return false;
  }
}

/**
 * True when, once true for a group, `having` stays true as records are added. The engine checks
 * `having` after each record and keeps the last qualifying row; a store checks it once on the
 * whole group: the two agree exactly for such conditions.
 */
function monotone(node: SelectionCondition): boolean {
  if (!readsAggregate(node)) return true;
  switch (node.kind) {
    case 'and':
    case 'or':
      return monotone(node.left) && monotone(node.right);
    case 'compare': {
      const { left, right, op } = node;
      if (left.kind === 'aggregate' && !readsAggregate(right)) {
        return rises(left, op === '>' || op === '>=', op === '<' || op === '<=');
      }
      if (right.kind === 'aggregate' && !readsAggregate(left)) {
        return rises(right, op === '<' || op === '<=', op === '>' || op === '>=');
      }
      return false;
    }
    default:
      return false;
  }
}

/** `aggregate > x` (`above`) or `aggregate < x` (`below`) can only become true, never false. */
function rises(
  aggregate: Extract<SelectionValue, { kind: 'aggregate' }>,
  above: boolean,
  below: boolean,
): boolean {
  return (above && RISING.has(aggregate.fn)) || (below && FALLING.has(aggregate.fn));
}

function constantCount(expression: Expression | undefined): number | null | undefined {
  if (expression === undefined) return undefined;
  if (
    expression.kind === 'constant' &&
    typeof expression.value === 'number' &&
    expression.value >= 0
  ) {
    return Math.trunc(expression.value);
  }
  return null;
}

/**
 * The structured selection of `selector` over the rows of `schema`, or null when a store could
 * not give exactly the engine's result (the engine then selects the rows itself). Trivial
 * selections (projections of rows, nothing to group, filter, sort or cut) are left to the engine.
 * @example
 * // from T select symbol, sum(price) as total group by symbol order by total desc limit 10
 * compileStructuredSelection(query.selector, schema, { tableNames: ['T'], functions, aggregators })
 *   ?.selection; // { items: [symbol, sum(price)], groupBy: [symbol], orderBy: [{ index: 1, descending: true }], limit: 10, … }
 */
export function compileStructuredSelection<M>(
  selector: Selector,
  schema: TableSchema,
  options: SelectionOptions<M>,
): SelectionCompilation<M> | null {
  try {
    return compileSelection(selector, schema, options);
  } catch (error) {
    // What the engine's selector would reject is reported by it, not here.
    if (error instanceof ExpressionCompileError) return null;
    throw error;
  }
}

function compileSelection<M>(
  selector: Selector,
  schema: TableSchema,
  options: SelectionOptions<M>,
): SelectionCompilation<M> | null {
  const compiler = new SelectionCompiler(schema, options);
  const input: Context<M> = { scope: compiler.input, outputs: undefined };
  const attributes: { name: string; expression: Expression }[] = selector.selectAll
    ? schema.attributes.map((a) => ({
        name: a.name,
        expression: { kind: 'variable', span: selector.span, attribute: a.name },
      }))
    : [];
  for (const a of selector.attributes) {
    const name = a.rename ?? (a.expression.kind === 'variable' ? a.expression.attribute : '');
    if (name === '') return null;
    attributes.push({ name, expression: a.expression });
  }
  const items: SelectionItem[] = [];
  for (const a of attributes) {
    const value = compiler.value(a.expression, input, false);
    if (value === null) return null;
    items.push({ name: a.name, value });
  }
  const groupBy: SelectionColumn[] = [];
  for (const v of selector.groupBy) {
    const column = compiler.column(v);
    if (column === null) return null;
    groupBy.push(column);
  }
  const names = items.map((i) => i.name);
  let having: SelectionCondition | undefined;
  if (selector.having !== undefined) {
    const scope = compiler.havingScope(
      names,
      items.map((i) => i.value.type),
    );
    const outputs = new Map<string, SelectionValue>();
    // The first output of a name wins, as in the engine's having scope.
    for (const item of [...items].reverse()) outputs.set(item.name, item.value);
    const compiled = compiler.condition(selector.having, { scope, outputs });
    if (compiled === null) return null;
    having = compiled;
  }
  const aggregating =
    groupBy.length > 0 ||
    items.some((i) => readsAggregate(i.value)) ||
    (having !== undefined && readsAggregate(having));
  const orderBy = orderColumns(selector.orderBy, names, undefined).map((c) => ({
    index: c.index,
    descending: c.sign < 0,
  }));
  // The engine orders objects by their JSON text, which no store does.
  if (orderBy.some((o) => items[o.index]?.value.type === 'object')) return null;
  const offset = constantCount(selector.offset);
  const limit = constantCount(selector.limit);
  if (offset === null || limit === null) return null;
  if (aggregating) {
    const grouped = new Set(groupBy.map((g) => g.name));
    const parts: SelectionCondition[] = items.map((i) => i.value);
    if (having !== undefined) parts.push(having);
    // Other columns would be read from the group's last record by the engine.
    if (parts.some((p) => freeColumns(p, []).some((c) => !grouped.has(c)))) return null;
    if (having !== undefined && readsAggregate(having)) {
      if (!monotone(having)) return null;
      // The engine places such a group where `having` first held: only a total order hides it.
      const sortedByGroup = groupBy.every((g) =>
        orderBy.some((o) => {
          const item = items[o.index]?.value;
          return item?.kind === 'column' && item.name === g.name;
        }),
      );
      if (groupBy.length > 0 && !sortedByGroup) return null;
    }
  } else if (
    having === undefined &&
    orderBy.length === 0 &&
    offset === undefined &&
    limit === undefined
  ) {
    return null;
  }
  return {
    selection: {
      items,
      aggregating,
      groupBy,
      having,
      orderBy,
      offset: offset ?? 0,
      limit,
    },
    parameters: compiler.parameters,
  };
}
