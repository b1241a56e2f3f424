// Expressions: constants, attribute references, function calls and operators.
// Parentheses are not kept: the tree shape carries the grouping.

import type { Node } from './span.js';
import type { TimeUnit } from './types.js';

/** The type of a literal: attribute types plus the untyped `null`. */
export type ConstantType = 'string' | 'int' | 'long' | 'float' | 'double' | 'bool' | 'null';

/**
 * A literal: `'IBM'`, `10`, `10L`, `2.5F`, `2.5` (double), `true`, `null`.
 * `value` holds the number for numeric types (a long beyond 2^53 loses precision).
 */
export interface Constant extends Node<'constant'> {
  readonly type: ConstantType;
  readonly value: string | number | boolean | null;
}

/** One `<n> <unit>` part of a time constant. */
export interface TimePart {
  readonly value: number;
  readonly unit: TimeUnit;
}

/** A time constant such as `1 min 30 sec`; it is a `long` of milliseconds. */
export interface TimeConstant extends Node<'time'> {
  readonly parts: readonly TimePart[];
  /** Total milliseconds. */
  readonly millis: number;
}

/** `e1[2]` → `{ kind: 'index', value: 2 }`; `e1[last]` → `{ kind: 'last', minus: 0 }`; `e1[last-1]` → minus 1. */
export type StreamIndex =
  | { readonly kind: 'index'; readonly value: number }
  | { readonly kind: 'last'; readonly minus: number };

/**
 * A reference to an attribute: `price`, `S.price`, `e1[0].price`, `#Inner.price`.
 * `stream` is the stream id, alias or pattern event reference it is qualified with.
 */
export interface Variable extends Node<'variable'> {
  readonly stream?: string;
  readonly streamIndex?: StreamIndex;
  /** Qualifier names an inner (partition-local) stream: `#S.price`. */
  readonly inner?: boolean;
  /** Qualifier names a fault stream: `!S.price`. */
  readonly fault?: boolean;
  readonly attribute: string;
}

/** `ns:name(args…)` or `name(args…)`. `count()` has no arguments. */
export interface FunctionCall extends Node<'function'> {
  readonly namespace?: string;
  readonly name: string;
  readonly args: readonly Expression[];
  /** `#pol2Cart(*)`: the arguments are every attribute of the input (`args` is empty). */
  readonly allAttributes?: boolean;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOperator = 'and' | 'or';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator | LogicalOperator;

export interface Binary extends Node<'binary'> {
  readonly op: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
}

/** `not expr`. */
export interface Not extends Node<'not'> {
  readonly operand: Expression;
}

/** `expr is null` on an attribute or function result. */
export interface IsNull extends Node<'isNull'> {
  readonly operand: Expression;
}

/** `e2 is null` / `S is null` on a stream or pattern event reference (no attribute). */
export interface IsNullStream extends Node<'isNullStream'> {
  readonly stream: string;
  readonly streamIndex?: StreamIndex;
  readonly inner?: boolean;
  readonly fault?: boolean;
}

/** `expr in Table`: true when a row of the table satisfies the condition. */
export interface In extends Node<'in'> {
  readonly operand: Expression;
  readonly table: string;
}

export type Expression =
  Constant | TimeConstant | Variable | FunctionCall | Binary | Not | IsNull | IsNullStream | In;
