// `+ - * / %` compiled into one closure per (operator, result type), as Siddhi's typed
// executors: operands are narrowed like Java's intValue()/longValue()/floatValue(), int wraps
// at 32 bits, float results are rounded to 32 bits, `/` and `%` by zero give null, a null
// operand gives null and a non-numeric value throws a RuntimeEvaluationError.

import type { ArithmeticOperator } from '../../query-api/index.js';
import { operandError } from './expression-errors.js';
import type { Evaluator } from './types.js';

/** The result types of arithmetic (the wider operand type: int < long < float < double). */
export type NumericType = 'int' | 'long' | 'float' | 'double';

/** Slow path of every operator: null → null, anything else that is not a number → throw. */
function nonNumeric(op: ArithmeticOperator, a: unknown, b: unknown): null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  throw operandError(op, 'numeric', typeof a === 'number' ? b : a);
}

const fround = Math.fround;
const trunc = Math.trunc;
const imul = Math.imul;

/**
 * Compiles `l op r` for a result of type `type`.
 * @example
 * const f = compileArithmetic('/', 'int', () => 7, () => 2); // f(c) === 3
 */
export function compileArithmetic<C>(
  op: ArithmeticOperator,
  type: NumericType,
  l: Evaluator<C>,
  r: Evaluator<C>,
): Evaluator<C> {
  switch (type) {
    case 'int':
      return compileInt(op, l, r);
    case 'long':
      return compileLong(op, l, r);
    case 'float':
      return compileFloat(op, l, r);
    case 'double':
      return compileDouble(op, l, r);
  }
}

function compileInt<C>(op: ArithmeticOperator, l: Evaluator<C>, r: Evaluator<C>): Evaluator<C> {
  switch (op) {
    case '+':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return ((a | 0) + (b | 0)) | 0;
        return nonNumeric(op, a, b);
      };
    case '-':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return ((a | 0) - (b | 0)) | 0;
        return nonNumeric(op, a, b);
      };
    case '*':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return imul(a, b);
        return nonNumeric(op, a, b);
      };
    case '/':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') {
          const d = b | 0;
          return d === 0 ? null : ((a | 0) / d) | 0;
        }
        return nonNumeric(op, a, b);
      };
    case '%':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') {
          const d = b | 0;
          return d === 0 ? null : ((a | 0) % d) | 0;
        }
        return nonNumeric(op, a, b);
      };
  }
}

// Longs are JS numbers: exact to 2^53, no 64-bit wrap-around; `+ 0` turns -0 into 0.
function compileLong<C>(op: ArithmeticOperator, l: Evaluator<C>, r: Evaluator<C>): Evaluator<C> {
  switch (op) {
    case '+':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return trunc(a) + trunc(b);
        return nonNumeric(op, a, b);
      };
    case '-':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return trunc(a) - trunc(b);
        return nonNumeric(op, a, b);
      };
    case '*':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return trunc(a) * trunc(b) + 0;
        return nonNumeric(op, a, b);
      };
    case '/':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') {
          const d = trunc(b);
          return d === 0 ? null : trunc(trunc(a) / d) + 0;
        }
        return nonNumeric(op, a, b);
      };
    case '%':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') {
          const d = trunc(b);
          return d === 0 ? null : (trunc(a) % d) + 0;
        }
        return nonNumeric(op, a, b);
      };
  }
}

function compileFloat<C>(op: ArithmeticOperator, l: Evaluator<C>, r: Evaluator<C>): Evaluator<C> {
  switch (op) {
    case '+':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return fround(fround(a) + fround(b));
        return nonNumeric(op, a, b);
      };
    case '-':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return fround(fround(a) - fround(b));
        return nonNumeric(op, a, b);
      };
    case '*':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return fround(fround(a) * fround(b));
        return nonNumeric(op, a, b);
      };
    case '/':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') {
          const d = fround(b);
          return d === 0 ? null : fround(fround(a) / d);
        }
        return nonNumeric(op, a, b);
      };
    case '%':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') {
          const d = fround(b);
          return d === 0 ? null : fround(fround(a) % d);
        }
        return nonNumeric(op, a, b);
      };
  }
}

function compileDouble<C>(op: ArithmeticOperator, l: Evaluator<C>, r: Evaluator<C>): Evaluator<C> {
  switch (op) {
    case '+':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return a + b;
        return nonNumeric(op, a, b);
      };
    case '-':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return a - b;
        return nonNumeric(op, a, b);
      };
    case '*':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return a * b;
        return nonNumeric(op, a, b);
      };
    case '/':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return b === 0 ? null : a / b;
        return nonNumeric(op, a, b);
      };
    case '%':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return b === 0 ? null : a % b;
        return nonNumeric(op, a, b);
      };
  }
}
