// Compiles a model expression ONCE into a tree of plain closures specialised by operand types:
// no per-event switch on node kind or type. Constant subtrees of operators are folded.

import type {
  AttributeType,
  Binary,
  Expression,
  FunctionCall,
  Variable,
} from '../../query-api/index.js';
import { compileArithmetic, type NumericType } from './arithmetic.js';
import { compileComparison, type ComparisonKind } from './comparison.js';
import { ExpressionCompileError } from './expression-errors.js';
import type {
  CompiledExpression,
  Evaluator,
  ExpressionScope,
  FunctionArgument,
  FunctionContext,
  FunctionInstance,
} from './types.js';

/** A compiled node: its static type (`null` for the untyped literal) and closure. */
interface Compiled<C> {
  readonly type: AttributeType | 'null';
  readonly evaluate: Evaluator<C>;
  readonly constant: boolean;
  readonly value?: unknown;
  readonly eventReference?: boolean;
}

const NUMERIC_RANK: Readonly<Record<string, number | undefined>> = {
  int: 0,
  long: 1,
  float: 2,
  double: 3,
};
const NUMERIC_BY_RANK: readonly NumericType[] = ['int', 'long', 'float', 'double'];

/**
 * Compiles `expr` against `scope` once; `evaluate` is then a plain closure per event.
 * Throws `ExpressionCompileError` for what cannot be planned (unknown function, unresolvable
 * `in` or `is null` on a stream, a type the validator should have rejected).
 * @example
 * const price = compileExpression(parseExpression('price * 2').expression!, scope, ctx);
 * price.evaluate(event); // per event
 */
export function compileExpression<C>(
  expr: Expression,
  scope: ExpressionScope<C>,
  ctx: FunctionContext,
): CompiledExpression<C> {
  const compiled = compileNode(expr, scope, ctx);
  return {
    type: compiled.type === 'null' ? 'object' : compiled.type,
    evaluate: compiled.evaluate,
    constant: compiled.constant,
  };
}

function constantOf<C>(type: AttributeType | 'null', value: unknown): Compiled<C> {
  return { type, evaluate: () => value, constant: true, value };
}

function compileNode<C>(
  expr: Expression,
  scope: ExpressionScope<C>,
  ctx: FunctionContext,
): Compiled<C> {
  switch (expr.kind) {
    case 'constant': {
      const value = expr.type === 'float' ? Math.fround(expr.value as number) : expr.value;
      return constantOf(expr.type, value);
    }
    case 'time':
      return constantOf('long', expr.millis);
    case 'variable': {
      const accessor = scope.resolve(expr);
      return { type: accessor.type, evaluate: accessor.read, constant: false };
    }
    case 'function':
      return compileCall(expr, scope, ctx);
    case 'binary':
      return fold(compileBinary(expr, scope, ctx));
    case 'not': {
      const operand = compileNode(expr.operand, scope, ctx);
      const o = operand.evaluate;
      return fold({ type: 'bool', evaluate: (c) => o(c) !== true, constant: operand.constant });
    }
    case 'isNull': {
      const ref = eventReferenceOf(expr.operand, scope);
      const operand = ref ?? compileNode(expr.operand, scope, ctx);
      const o = operand.evaluate;
      return fold({
        type: 'bool',
        evaluate: (c) => {
          const v = o(c);
          return v === null || v === undefined;
        },
        constant: operand.constant,
      });
    }
    case 'isNullStream': {
      const resolved = scope.resolveStreamNull?.(expr);
      if (resolved === undefined) {
        throw new ExpressionCompileError(
          'E_PLAN_UNSUPPORTED_EXPRESSION',
          `'${expr.stream} is null' cannot be evaluated here: the query has no such stream reference`,
        );
      }
      return { type: 'bool', evaluate: resolved, constant: false };
    }
    case 'in': {
      const resolved = scope.resolveIn?.(expr);
      if (resolved === undefined) {
        throw new ExpressionCompileError(
          'E_PLAN_UNSUPPORTED_EXPRESSION',
          `'in ${expr.table}' cannot be evaluated here: table '${expr.table}' is not available`,
        );
      }
      return { type: 'bool', evaluate: resolved, constant: false };
    }
  }
}

/** Evaluates a node whose operands are all constant once, at compile time. */
function fold<C>(node: Compiled<C>): Compiled<C> {
  if (!node.constant) return node;
  try {
    return constantOf(node.type, node.evaluate(undefined as C));
  } catch {
    // a constant expression that fails fails for every event: keep it unfolded
    return { ...node, constant: false };
  }
}

function compileBinary<C>(
  expr: Binary,
  scope: ExpressionScope<C>,
  ctx: FunctionContext,
): Compiled<C> {
  const left = compileNode(expr.left, scope, ctx);
  const right = compileNode(expr.right, scope, ctx);
  const constant = left.constant && right.constant;
  const l = left.evaluate;
  const r = right.evaluate;
  const op = expr.op;
  switch (op) {
    case 'and':
      return { type: 'bool', evaluate: (c) => l(c) === true && r(c) === true, constant };
    case 'or':
      return { type: 'bool', evaluate: (c) => l(c) === true || r(c) === true, constant };
    case '+':
    case '-':
    case '*':
    case '/':
    case '%': {
      if (left.type === 'null' || right.type === 'null') {
        // arithmetic with the null literal is null, typed as the other operand
        return constantOf(left.type === 'null' ? right.type : left.type, null);
      }
      const type = promoteNumeric(left.type, right.type, op);
      return { type, evaluate: compileArithmetic(op, type, l, r), constant };
    }
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      if (left.type === 'null' || right.type === 'null') return constantOf('bool', false);
      const kind = comparisonKind(left.type, right.type, op);
      return { type: 'bool', evaluate: compileComparison(op, kind, l, r), constant };
    }
  }
}

function promoteNumeric(a: AttributeType, b: AttributeType, op: string): NumericType {
  const ra = NUMERIC_RANK[a];
  const rb = NUMERIC_RANK[b];
  if (ra === undefined || rb === undefined) {
    throw new ExpressionCompileError(
      'E_PLAN_TYPE',
      `'${op}' cannot be applied to ${a} and ${b}: both operands must be numeric`,
    );
  }
  return NUMERIC_BY_RANK[Math.max(ra, rb)] ?? 'double';
}

function comparisonKind(a: AttributeType, b: AttributeType, op: string): ComparisonKind {
  const ra = NUMERIC_RANK[a];
  const rb = NUMERIC_RANK[b];
  if (ra !== undefined && rb !== undefined) {
    // int/long against float: both widened to float (Java's binary numeric promotion)
    return Math.max(ra, rb) === 2 && Math.min(ra, rb) < 2 ? 'float' : 'number';
  }
  const equality = op === '==' || op === '!=';
  if (a === 'object' || b === 'object') {
    if (equality) return 'value';
  } else if (a === b && (equality || a === 'string')) {
    return 'value';
  }
  throw new ExpressionCompileError('E_PLAN_TYPE', `${a} and ${b} cannot be compared with '${op}'`);
}

/** An unqualified name the scope knows as an event (pattern `e1`, join alias), else undefined. */
function eventReferenceOf<C>(expr: Expression, scope: ExpressionScope<C>): Compiled<C> | undefined {
  if (expr.kind !== 'variable' || !isPlainName(expr) || scope.resolveEventReference === undefined) {
    return undefined;
  }
  const read = scope.resolveEventReference(expr);
  return read === undefined
    ? undefined
    : { type: 'object', evaluate: read, constant: false, eventReference: true };
}

function isPlainName(v: Variable): boolean {
  return v.stream === undefined && v.streamIndex === undefined;
}

function compileCall<C>(
  call: FunctionCall,
  scope: ExpressionScope<C>,
  ctx: FunctionContext,
): Compiled<C> {
  const aggregate = scope.resolveAggregate?.(call);
  if (aggregate !== undefined) {
    return { type: aggregate.type, evaluate: aggregate.read, constant: false };
  }
  const display = call.namespace === undefined ? call.name : `${call.namespace}:${call.name}`;
  // Siddhi passes every attribute of the input to `f(*)`, in order
  const callArgs = call.allAttributes === true ? scope.allAttributes?.() : call.args;
  if (callArgs === undefined) {
    throw new ExpressionCompileError(
      'E_PLAN_UNSUPPORTED_EXPRESSION',
      `${display}(*) is not supported here`,
    );
  }
  const implementation = ctx.functions.resolve(call.namespace ?? '', call.name);
  if (implementation === undefined) {
    throw new ExpressionCompileError(
      'E_PLAN_UNKNOWN_FUNCTION',
      `no implementation of function '${display}'`,
    );
  }
  const args = callArgs.map((a) => eventReferenceOf(a, scope) ?? compileNode(a, scope, ctx));
  const infos: FunctionArgument[] = args.map((a) => ({
    type: a.type,
    constant: a.constant,
    ...(a.constant ? { value: a.value } : {}),
    ...(a.eventReference === true ? { eventReference: true } : {}),
  }));
  const instance = implementation.create(infos, ctx);
  const evaluate = bindInstance(
    instance,
    args.map((a) => a.evaluate),
    scope,
    display,
  );
  // Siddhi wraps bool-returning functions so that null reads as false
  return {
    type: instance.type,
    evaluate: instance.type === 'bool' ? nullAsFalse(evaluate) : evaluate,
    constant: false,
  };
}

function nullAsFalse<C>(f: Evaluator<C>): Evaluator<C> {
  return (c) => {
    return f(c) ?? false;
  };
}

const NO_ARGS: readonly unknown[] = Object.freeze([]);

/** The per-event closure of a call site; `call` gets one reused array, sized once. */
function bindInstance<C>(
  instance: FunctionInstance,
  args: readonly Evaluator<C>[],
  scope: ExpressionScope<C>,
  display: string,
): Evaluator<C> {
  if (instance.bind !== undefined) {
    return instance.bind(args, { timestamp: (c) => scope.timestamp(c) });
  }
  const call = instance.call;
  if (call === undefined) {
    throw new ExpressionCompileError(
      'E_PLAN_UNSUPPORTED_EXPRESSION',
      `function '${display}' has neither call nor bind`,
    );
  }
  const n = args.length;
  const scratch: unknown[] = new Array<unknown>(n).fill(null);
  const [a0, a1, a2] = args;
  if (n === 0) return () => call(NO_ARGS);
  if (n === 1 && a0 !== undefined) {
    return (c) => {
      scratch[0] = a0(c);
      return call(scratch);
    };
  }
  if (n === 2 && a0 !== undefined && a1 !== undefined) {
    return (c) => {
      scratch[0] = a0(c);
      scratch[1] = a1(c);
      return call(scratch);
    };
  }
  if (n === 3 && a0 !== undefined && a1 !== undefined && a2 !== undefined) {
    return (c) => {
      scratch[0] = a0(c);
      scratch[1] = a1(c);
      scratch[2] = a2(c);
      return call(scratch);
    };
  }
  return (c) => {
    let i = 0;
    for (const arg of args) scratch[i++] = arg(c);
    return call(scratch);
  };
}
