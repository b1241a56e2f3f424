// Descriptions (signatures and return types, no implementations) of Siddhi 5.1's core
// functions: cast, convert, coalesce, default, ifThenElse, instanceOf…, sets, time, UUID.

import type {
  ArgumentInfo,
  ExtensionSpec,
  ParameterSpec,
  TypeResult,
} from '../../compiler/extension-catalog.js';
import { ANY_TYPE, NUMERIC_TYPES } from '../../compiler/extension-catalog.js';
import type { AttributeType } from '../../query-api/index.js';

const CAST_TYPES = ['int', 'long', 'float', 'double', 'string', 'bool', 'object'] as const;
const CONVERT_TYPES = ['int', 'long', 'float', 'double', 'string', 'bool'] as const;

function fn(
  name: string,
  summary: string,
  overloads: readonly (readonly ParameterSpec[])[],
  returnType: ExtensionSpec['returnType'],
  check?: ExtensionSpec['check'],
): ExtensionSpec {
  return {
    kind: 'function',
    namespace: '',
    name,
    summary,
    overloads: overloads.map((parameters) => ({ parameters })),
    returnType,
    ...(check === undefined ? {} : { check }),
  };
}

/** The type of the first argument, or `object` when unknown / null. */
function typeOfArg(args: readonly ArgumentInfo[], index: number): AttributeType {
  const t = args[index]?.type;
  return t === undefined || t === 'null' ? 'object' : t;
}

/** Return type named by a constant string argument (`cast(x, 'double')`). */
function typeFromConstant(index: number) {
  return (args: readonly ArgumentInfo[]): TypeResult => {
    const v = args[index]?.value;
    return typeof v === 'string' ? (v.toLowerCase() as AttributeType) : 'object';
  };
}

/** Every typed argument must have the same type. */
function sameTypes(what: string, from = 0) {
  return (args: readonly ArgumentInfo[]): string | undefined => {
    let first: AttributeType | undefined;
    for (let i = from; i < args.length; i++) {
      const t = args[i]?.type;
      if (t === undefined || t === 'null') continue;
      if (first === undefined) first = t;
      else if (t !== first) return `${what} must all have the same type, found ${first} and ${t}`;
    }
    return undefined;
  };
}

const any = (name: string, extra: Partial<ParameterSpec> = {}): ParameterSpec => ({
  name,
  types: ANY_TYPE,
  ...extra,
});

export const builtinFunctions: readonly ExtensionSpec[] = [
  fn(
    'cast',
    'Casts a value to the given type without converting it.',
    [
      [
        any('to.be.caster'),
        { name: 'cast.to', types: ['string'], constant: true, allowedValues: CAST_TYPES },
      ],
    ],
    typeFromConstant(1),
  ),
  fn(
    'convert',
    'Converts a value to the given type (unparsable values become null).',
    [
      [
        any('to.be.converted'),
        { name: 'converted.to', types: ['string'], constant: true, allowedValues: CONVERT_TYPES },
      ],
    ],
    typeFromConstant(1),
  ),
  fn(
    'coalesce',
    'Returns the first non-null argument; all arguments must have the same type.',
    [[any('arg', { repeatable: true })]],
    (args) => typeOfArg(args, 0),
    sameTypes('coalesce() arguments'),
  ),
  fn(
    'default',
    "Returns 'default' when 'attribute' is null; both must have the same type.",
    [[any('attribute'), any('default', { constant: true })]],
    (args) => typeOfArg(args, 0),
    sameTypes('default() arguments'),
  ),
  fn(
    'ifThenElse',
    'Returns the second argument when the condition holds, otherwise the third.',
    [[{ name: 'condition', types: ['bool'] }, any('if.expression'), any('else.expression')]],
    (args) => typeOfArg(args, args[1]?.type === 'null' ? 2 : 1),
    sameTypes('ifThenElse() result expressions', 1),
  ),
  ...(['Boolean', 'Double', 'Float', 'Integer', 'Long', 'String'] as const).map((t) =>
    fn(`instanceOf${t}`, `True when the argument is a ${t.toLowerCase()}.`, [[any('arg')]], 'bool'),
  ),
  fn(
    'maximum',
    'The largest of its numeric arguments (all of one type).',
    [[{ name: 'arg', types: NUMERIC_TYPES, repeatable: true }]],
    (args) => typeOfArg(args, 0),
    sameTypes('maximum() arguments'),
  ),
  fn(
    'minimum',
    'The smallest of its numeric arguments (all of one type).',
    [[{ name: 'arg', types: NUMERIC_TYPES, repeatable: true }]],
    (args) => typeOfArg(args, 0),
    sameTypes('minimum() arguments'),
  ),
  fn(
    'createSet',
    'Creates a set holding the given value.',
    [[{ name: 'input', types: ['int', 'long', 'float', 'double', 'string', 'bool'] }]],
    'object',
  ),
  fn('sizeOfSet', 'The number of items in a set.', [[{ name: 'set', types: ['object'] }]], 'int'),
  fn('currentTimeMillis', 'The current time of the app in milliseconds.', [[]], 'long'),
  fn(
    'eventTimestamp',
    'The timestamp of the current event, or of a referenced event in a pattern.',
    [[], [{ name: 'event', types: ['object'], eventReference: true }]],
    'long',
  ),
  fn('UUID', 'A random UUID string.', [[]], 'string'),
];
