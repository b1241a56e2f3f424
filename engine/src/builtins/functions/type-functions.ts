// Type functions: cast (relabels the type, never converts: `cast(true, 'double')` is true) and
// the instanceOf… family, which answers from the argument's static type where JS numbers
// cannot tell int, long, float and double apart.

import type { AttributeType } from '../../query-api/index.js';
import type {
  Evaluator,
  FunctionArgument,
  FunctionImplementation,
} from '../../runtime/expression/types.js';
import { typeNamedBy } from './function-registry.js';

const returnNull = (): null => null;

/** `cast(value, 'type')`: the value unchanged, typed as named (Siddhi does not convert). */
export const castFunction: FunctionImplementation = {
  namespace: '',
  name: 'cast',
  create: (args) => ({
    type: typeNamedBy(args, 1),
    bind: <C>(evaluators: readonly Evaluator<C>[]): Evaluator<C> => evaluators[0] ?? returnNull,
  }),
};

type ValueTest = (v: unknown) => boolean;

const never: ValueTest = () => false;
const isNumber: ValueTest = (v) => typeof v === 'number';
const isIntegral: ValueTest = (v) => typeof v === 'number' && Number.isInteger(v);
const isIntRange: ValueTest = (v) => isIntegral(v) && (v as number) === ((v as number) | 0);

/**
 * Tests per Java class, keyed by the argument's static type. Typed attributes answer from the
 * type (a number in a `long` attribute is a Long, never an Integer) plus a value check (an
 * attribute holds what was sent: 60232434.657 in an `int` attribute is not an Integer). For
 * `object` (and untyped) values: an integral number in int range is an Integer, other integral
 * numbers and bigints are Longs, every other number is a Double, nothing is a Float.
 */
const TESTS: Readonly<Record<string, Partial<Record<AttributeType | 'null', ValueTest>>>> = {
  Integer: { int: isIntegral, object: isIntRange },
  Long: {
    long: (v) => isIntegral(v) || typeof v === 'bigint',
    object: (v) => typeof v === 'bigint' || (isIntegral(v) && !isIntRange(v)),
  },
  Float: { float: isNumber },
  Double: { double: isNumber, object: (v) => typeof v === 'number' && !isIntegral(v) },
};

function instanceOf(javaClass: string, valueTest?: ValueTest): FunctionImplementation {
  return {
    namespace: '',
    name: `instanceOf${javaClass}`,
    create: (args: readonly FunctionArgument[]) => {
      const staticType = args[0]?.type ?? 'null';
      const test = valueTest ?? TESTS[javaClass]?.[staticType] ?? never;
      return { type: 'bool', call: (a) => test(a[0]) };
    },
  };
}

export const instanceOfBooleanFunction = instanceOf('Boolean', (v) => typeof v === 'boolean');
export const instanceOfStringFunction = instanceOf('String', (v) => typeof v === 'string');
export const instanceOfIntegerFunction = instanceOf('Integer');
export const instanceOfLongFunction = instanceOf('Long');
export const instanceOfFloatFunction = instanceOf('Float');
export const instanceOfDoubleFunction = instanceOf('Double');
