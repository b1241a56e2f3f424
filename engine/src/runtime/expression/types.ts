// The contracts of compiled expressions: what a query's context `C` must offer (the scope),
// what a compiled expression is, and the shape of function implementations and their lookup.

import type {
  AttributeType,
  FunctionCall,
  In,
  IsNullStream,
  Variable,
} from '../../query-api/index.js';
import type { ComplexEvent } from '../event/event.js';

/** One compiled step: reads what it needs from the context of one evaluation. */
export type Evaluator<C> = (c: C) => unknown;

/** A readable value of the context: an attribute, or an aggregate the selector maintains. */
export interface ValueAccessor<C> {
  readonly type: AttributeType;
  readonly read: Evaluator<C>;
}

/**
 * How compiled expressions reach the data of their context `C` (an event, a join pair, a
 * pattern state…). Each method is called once, at compile time; the closures it returns run
 * per event.
 */
export interface ExpressionScope<C> {
  /** An attribute reference; throws when it cannot be resolved. */
  resolve(v: Variable): ValueAccessor<C>;
  /** The timestamp of the context's current event (`eventTimestamp()`). */
  timestamp(c: C): number;
  /** `e2 is null` / `S is null`; required when such an expression is compiled. */
  resolveStreamNull?(n: IsNullStream): (c: C) => boolean;
  /** `cond in Table`; `undefined` (or absent) makes compilation fail. */
  resolveIn?(i: In): ((c: C) => boolean) | undefined;
  /**
   * An aggregator call the selector replaced by an accessor of its current value. Asked first
   * for every function call (by node identity); `undefined` means "not an aggregate".
   */
  resolveAggregate?(call: FunctionCall): ValueAccessor<C> | undefined;
  /**
   * An unqualified name that names an event (`e1` in `eventTimestamp(e1)` or `e1 is null`,
   * a join alias): returns the event it refers to (null/undefined when there is none). Return
   * `undefined` from this method when the name is an attribute, not an event reference.
   */
  resolveEventReference?(v: Variable): ((c: C) => ComplexEvent | null | undefined) | undefined;
  /** The input's attributes in order: what `f(*)` passes to a function (absent: not allowed). */
  allAttributes?(): readonly Variable[];
}

/** An expression compiled once into a plain closure. */
export interface CompiledExpression<C> {
  /** The static type; an untyped `null` literal reports `object`. */
  readonly type: AttributeType;
  readonly evaluate: Evaluator<C>;
  /** True when the value does not depend on the context (folded at compile time). */
  readonly constant: boolean;
}

/** The clock functions read (`currentTimeMillis()`); the time service satisfies it. */
export interface FunctionClock {
  now(): number;
}

/** What a function is told about one argument when it is instantiated. */
export interface FunctionArgument {
  /** `null` for an untyped `null` literal. */
  readonly type: AttributeType | 'null';
  /** True for literal constants (their value is in `value`). */
  readonly constant: boolean;
  readonly value?: unknown;
  /** The argument names an event (`e1`); its evaluator returns the event or null. */
  readonly eventReference?: boolean;
}

/** What `bind` gets besides the argument evaluators. */
export interface BindEnvironment<C> {
  /** The current event's timestamp. */
  readonly timestamp: (c: C) => number;
}

/**
 * One instance of a function at one call site. Give `call` (simple: values in, value out)
 * or `bind` (compiles the call from argument evaluators: lazy arguments, no array at all).
 */
export interface FunctionInstance {
  readonly type: AttributeType;
  /** Per event, with the argument values. The array is reused between events: never keep it. */
  readonly call?: (args: readonly unknown[]) => unknown;
  readonly bind?: <C>(args: readonly Evaluator<C>[], env: BindEnvironment<C>) => Evaluator<C>;
}

/**
 * A function (built-in or extension) keyed by namespace (`''` for built-ins) and name.
 * @example
 * const twice: FunctionImplementation = { namespace: 'my', name: 'twice',
 *   create: () => ({ type: 'int', call: (a) => ((a[0] as number) * 2) | 0 }) };
 */
export interface FunctionImplementation {
  readonly namespace: string;
  readonly name: string;
  /** Called once per call site with what is known statically about the arguments. */
  create(args: readonly FunctionArgument[], ctx: FunctionContext): FunctionInstance;
}

/** Finds function implementations; namespaces are case-insensitive, names are not. */
export interface FunctionLookup {
  resolve(namespace: string, name: string): FunctionImplementation | undefined;
}

/** What compiling expressions needs from the app. */
export interface FunctionContext {
  readonly clock: FunctionClock;
  readonly functions: FunctionLookup;
}
