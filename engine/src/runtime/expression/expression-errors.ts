// Errors of expression evaluation: `RuntimeEvaluationError` is thrown per event for what Siddhi
// fails on at run time (a wrongly typed value); the caller logs it and drops that event.
// `ExpressionCompileError` reports a model the validator should already have rejected.

/** Stable codes of runtime evaluation failures. */
export type RuntimeEvaluationCode = 'E_RUNTIME_TYPE' | 'E_RUNTIME_FUNCTION';

/** Stable codes of expression compilation failures (plan time). */
export type ExpressionCompileCode =
  'E_PLAN_UNKNOWN_FUNCTION' | 'E_PLAN_UNSUPPORTED_EXPRESSION' | 'E_PLAN_TYPE';

/**
 * A value made an operator or function fail while one event was processed (Siddhi's
 * `ClassCastException` and friends). Catch it per event: log it and drop the event.
 * @example
 * try { out = compiled.evaluate(event); } catch (e) { if (e instanceof RuntimeEvaluationError) drop(e); else throw e; }
 */
export class RuntimeEvaluationError extends Error {
  override readonly name = 'RuntimeEvaluationError';
  readonly retriable = false;

  constructor(
    readonly code: RuntimeEvaluationCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An expression the runtime cannot compile (unknown function, unresolvable `in`, a type the
 * validator should have rejected). Thrown once, when the query is planned.
 */
export class ExpressionCompileError extends Error {
  override readonly name = 'ExpressionCompileError';

  constructor(
    readonly code: ExpressionCompileCode,
    message: string,
  ) {
    super(message);
  }
}

/** How a runtime value is named in messages: `string 'EBAY'`, `bool true`. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return `string '${v}'`;
  if (typeof v === 'boolean') return `bool ${String(v)}`;
  if (typeof v === 'number' || typeof v === 'bigint') return `number ${String(v)}`;
  if (v === null || v === undefined) return 'null';
  return typeof v;
}

/** The error for an operator applied to a value of the wrong kind. */
export function operandError(
  operator: string,
  expected: string,
  value: unknown,
): RuntimeEvaluationError {
  return new RuntimeEvaluationError(
    'E_RUNTIME_TYPE',
    `'${operator}' expects ${expected} operands, but got ${describeValue(value)}`,
  );
}

/** The error for a function given a value of the wrong kind. */
export function functionArgumentError(
  fn: string,
  expected: string,
  value: unknown,
): RuntimeEvaluationError {
  return new RuntimeEvaluationError(
    'E_RUNTIME_FUNCTION',
    `${fn}() expects ${expected}, but got ${describeValue(value)}`,
  );
}
