// `== != < <= > >=` compiled into one closure per (operator, operand kind), as Siddhi's
// compare executors: a null operand makes any comparison false (`!=` included), numbers of
// mixed widths compare after Java's widening (int/long to float are rounded to 32 bits), and
// a non-numeric value where a number is expected throws a RuntimeEvaluationError.

import type { ComparisonOperator } from '../../query-api/index.js';
import { operandError } from './expression-errors.js';
import type { Evaluator } from './types.js';

/**
 * How operands are compared: `number` (both numeric, compared as doubles), `float` (both
 * widened to float: one side float, the other int/long), `value` (strings, bools, objects:
 * strict equality; strings also order by UTF-16 code units like Java's compareTo).
 */
export type ComparisonKind = 'number' | 'float' | 'value';

/** Slow path of numeric comparisons: null → false, a non-number → throw. */
function nonNumeric(op: ComparisonOperator, a: unknown, b: unknown): false {
  if (a === null || a === undefined || b === null || b === undefined) return false;
  throw operandError(op, 'numeric', typeof a === 'number' ? b : a);
}

function isNull(v: unknown): boolean {
  return v === null || v === undefined;
}

const fround = Math.fround;

/**
 * Compiles `l op r`; the result is always a boolean.
 * @example
 * const gt = compileComparison('>', 'number', () => 5, () => 4.5); // gt(c) === true
 */
export function compileComparison<C>(
  op: ComparisonOperator,
  kind: ComparisonKind,
  l: Evaluator<C>,
  r: Evaluator<C>,
): Evaluator<C> {
  switch (kind) {
    case 'number':
      return compileNumber(op, l, r);
    case 'float':
      return compileFloat(op, l, r);
    case 'value':
      return compileValue(op, l, r);
  }
}

function compileNumber<C>(op: ComparisonOperator, l: Evaluator<C>, r: Evaluator<C>): Evaluator<C> {
  switch (op) {
    case '==':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return a === b;
        return nonNumeric(op, a, b);
      };
    case '!=':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return a !== b;
        return nonNumeric(op, a, b);
      };
    case '<':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return a < b;
        return nonNumeric(op, a, b);
      };
    case '<=':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return a <= b;
        return nonNumeric(op, a, b);
      };
    case '>':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return a > b;
        return nonNumeric(op, a, b);
      };
    case '>=':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return a >= b;
        return nonNumeric(op, a, b);
      };
  }
}

function compileFloat<C>(op: ComparisonOperator, l: Evaluator<C>, r: Evaluator<C>): Evaluator<C> {
  switch (op) {
    case '==':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return fround(a) === fround(b);
        return nonNumeric(op, a, b);
      };
    case '!=':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return fround(a) !== fround(b);
        return nonNumeric(op, a, b);
      };
    case '<':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return fround(a) < fround(b);
        return nonNumeric(op, a, b);
      };
    case '<=':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return fround(a) <= fround(b);
        return nonNumeric(op, a, b);
      };
    case '>':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return fround(a) > fround(b);
        return nonNumeric(op, a, b);
      };
    case '>=':
      return (c) => {
        const a = l(c);
        const b = r(c);
        if (typeof a === 'number' && typeof b === 'number') return fround(a) >= fround(b);
        return nonNumeric(op, a, b);
      };
  }
}

// Strings order by UTF-16 code units (JS `<` on two strings), like Java's compareTo.
function compileValue<C>(op: ComparisonOperator, l: Evaluator<C>, r: Evaluator<C>): Evaluator<C> {
  switch (op) {
    case '==':
      return (c) => {
        const a = l(c);
        const b = r(c);
        return !isNull(a) && !isNull(b) && a === b;
      };
    case '!=':
      return (c) => {
        const a = l(c);
        const b = r(c);
        return !isNull(a) && !isNull(b) && a !== b;
      };
    case '<':
      return (c) => {
        const a = l(c) as string;
        const b = r(c) as string;
        return !isNull(a) && !isNull(b) && a < b;
      };
    case '<=':
      return (c) => {
        const a = l(c) as string;
        const b = r(c) as string;
        return !isNull(a) && !isNull(b) && a <= b;
      };
    case '>':
      return (c) => {
        const a = l(c) as string;
        const b = r(c) as string;
        return !isNull(a) && !isNull(b) && a > b;
      };
    case '>=':
      return (c) => {
        const a = l(c) as string;
        const b = r(c) as string;
        return !isNull(a) && !isNull(b) && a >= b;
      };
  }
}
