// The structured form of table conditions and `set` values, compiled once per call site from a
// query-api Expression, for stores that translate conditions into their own query language.
// Leaves are table columns, parameters (values the engine computes from the matching event; the
// store sees only their position and type) and constants. What a store cannot express (function
// calls or `in` reading the table) is marked `engine`: the engine evaluates it on returned rows.

import type {
  ArithmeticOperator,
  AttributeType,
  ComparisonOperator,
  Expression,
} from '../../query-api/index.js';
import { compileExpression } from '../expression/compile-expression.js';
import type { Evaluator } from '../expression/types.js';
import type { MatchingOptions, Row, TableSchema } from './table.js';
import { tableScope, type TableMatch, type TableScope } from './table-scope.js';

/** A value of the structured form. */
export type StructuredValue =
  | { readonly kind: 'column'; readonly name: string; readonly type: AttributeType }
  | { readonly kind: 'parameter'; readonly index: number; readonly type: AttributeType }
  | {
      readonly kind: 'constant';
      readonly value: string | number | boolean | null;
      readonly type: AttributeType;
    }
  | {
      readonly kind: 'math';
      readonly op: ArithmeticOperator;
      readonly left: StructuredValue;
      readonly right: StructuredValue;
      /** The result type (Java arithmetic: int/long operands give an integer). */
      readonly type: AttributeType;
    }
  /** Something a store cannot express (a function call or `in` on the row): the engine's job. */
  | { readonly kind: 'engine'; readonly type: AttributeType; readonly source: Expression };

/** A condition of the structured form (a bool value: comparisons, logic, `is null`, leaves). */
export type StructuredCondition =
  | StructuredValue
  | {
      readonly kind: 'and' | 'or';
      readonly left: StructuredCondition;
      readonly right: StructuredCondition;
    }
  | { readonly kind: 'not'; readonly operand: StructuredCondition }
  | {
      readonly kind: 'compare';
      readonly op: ComparisonOperator;
      readonly left: StructuredValue;
      readonly right: StructuredValue;
    }
  | { readonly kind: 'isNull'; readonly operand: StructuredValue };

/** `set` assignments in the structured form: the columns and their new values, in order. */
export interface StructuredSet {
  readonly columns: readonly string[];
  readonly values: readonly StructuredCondition[];
}

/** The structured compilation of one condition or `set` clause at one call site. */
export interface StructuredCompilation<M> {
  /** The whole tree, `engine` marks included. */
  readonly tree: StructuredCondition | undefined;
  /**
   * What a store is asked to evaluate: `tree` without the top-level `and` conjuncts that hold an
   * `engine` mark (undefined: every row).
   */
  readonly pushed: StructuredCondition | undefined;
  /** True when conjuncts were left out of `pushed`: the engine re-checks the returned rows. */
  readonly residual: boolean;
  /** The parameters' evaluators (index = `parameter.index`), run on the matching event. */
  readonly parameters: readonly Evaluator<TableMatch<M>>[];
}

const CONSTANT_TYPES: ReadonlySet<string> = new Set([
  'string',
  'int',
  'long',
  'float',
  'double',
  'bool',
]);
const NO_ROW: Row = [];

/** True when the tree holds an `engine` mark. */
export function needsEngine(node: StructuredCondition): boolean {
  switch (node.kind) {
    case 'engine':
      return true;
    case 'column':
    case 'parameter':
    case 'constant':
      return false;
    case 'not':
    case 'isNull':
      return needsEngine(node.operand);
    default:
      return needsEngine(node.left) || needsEngine(node.right);
  }
}

/** Builds the structured form of expressions on one table, collecting parameters. */
export class StructuredCompiler<M> {
  readonly parameters: Evaluator<TableMatch<M>>[] = [];
  private readonly view: TableScope<M>;

  constructor(
    private readonly schema: TableSchema,
    private readonly options: MatchingOptions<M>,
  ) {
    this.view = tableScope(schema, options);
  }

  /** The structured form of `e` (type-checked by compiling it with the engine). */
  compile(e: Expression): StructuredCondition {
    const { view, options } = this;
    const compiled = compileExpression(e, view.scope, options.functions);
    const type = compiled.type;
    if (!view.readsTable(e)) {
      if (compiled.constant && CONSTANT_TYPES.has(type)) {
        const value = compiled.evaluate({ event: null, row: NO_ROW }) ?? null;
        return { kind: 'constant', value: value as string | number | boolean | null, type };
      }
      this.parameters.push(compiled.evaluate);
      return { kind: 'parameter', index: this.parameters.length - 1, type };
    }
    switch (e.kind) {
      case 'variable': {
        const position = view.columnOf(e);
        const attribute = this.schema.attributes[position];
        if (attribute !== undefined) return { kind: 'column', name: attribute.name, type };
        break;
      }
      case 'binary':
        if (e.op === 'and' || e.op === 'or') {
          return { kind: e.op, left: this.compile(e.left), right: this.compile(e.right) };
        }
        if (e.op === '+' || e.op === '-' || e.op === '*' || e.op === '/' || e.op === '%') {
          const left = this.value(e.left);
          const right = this.value(e.right);
          return left === undefined || right === undefined
            ? { kind: 'engine', type, source: e }
            : { kind: 'math', op: e.op, left, right, type };
        } else {
          const left = this.value(e.left);
          const right = this.value(e.right);
          return left === undefined || right === undefined
            ? { kind: 'engine', type, source: e }
            : { kind: 'compare', op: e.op, left, right };
        }
      case 'not':
        return { kind: 'not', operand: this.compile(e.operand) };
      case 'isNull': {
        const operand = this.value(e.operand);
        return operand === undefined
          ? { kind: 'engine', type, source: e }
          : { kind: 'isNull', operand };
      }
      default:
        break;
    }
    return { kind: 'engine', type, source: e };
  }

  /** A value operand; undefined when it is a condition (compared booleans: the engine's job). */
  private value(e: Expression): StructuredValue | undefined {
    const node = this.compile(e);
    switch (node.kind) {
      case 'column':
      case 'parameter':
      case 'constant':
      case 'math':
      case 'engine':
        return node;
      default:
        return undefined;
    }
  }
}

function conjuncts(node: StructuredCondition, out: StructuredCondition[]): void {
  if (node.kind === 'and') {
    conjuncts(node.left, out);
    conjuncts(node.right, out);
  } else {
    out.push(node);
  }
}

/**
 * Compiles a table condition into the structured form, once per call site.
 * @example
 * // on T.symbol == S.symbol and T.price > 10 and str:length(T.symbol) > 2
 * const c = compileStructuredCondition(cond, schema, { tableNames: ['T'], matching, functions });
 * c.pushed   // and(compare(==, column(symbol), parameter(0)), compare(>, column(price), constant(10)))
 * c.residual // true: the engine filters the rows on str:length itself
 */
export function compileStructuredCondition<M>(
  condition: Expression | undefined,
  schema: TableSchema,
  options: MatchingOptions<M>,
): StructuredCompilation<M> {
  const compiler = new StructuredCompiler(schema, options);
  if (condition === undefined) {
    return { tree: undefined, pushed: undefined, residual: false, parameters: [] };
  }
  const tree = compiler.compile(condition);
  const parts: StructuredCondition[] = [];
  conjuncts(tree, parts);
  const kept = parts.filter((p) => !needsEngine(p));
  const pushed = kept.reduce<StructuredCondition | undefined>(
    (acc, p) => (acc === undefined ? p : { kind: 'and', left: acc, right: p }),
    undefined,
  );
  return {
    tree,
    pushed,
    residual: kept.length < parts.length,
    parameters: compiler.parameters,
  };
}
