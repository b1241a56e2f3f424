// `convert(value, 'type')`: converts like Siddhi's ConvertFunctionExecutor — strings parse
// (unparsable → null), numbers narrow like Java casts, a number becomes bool true only if it
// is 1, bools become 1/0, Java-style text for floats (`2.0`), null and `object` inputs → null.

import type { AttributeType } from '../../query-api/index.js';
import { functionArgumentError } from '../../runtime/expression/expression-errors.js';
import {
  doubleToInt,
  doubleToLong,
  javaDoubleToString,
  javaFloatToString,
  longToInt,
  parseJavaDouble,
  parseJavaFloat,
  parseJavaInt,
  parseJavaLong,
} from '../../runtime/expression/java-numbers.js';
import type { Evaluator, FunctionImplementation } from '../../runtime/expression/types.js';
import { typeNamedBy } from './function-registry.js';

/** Converts one non-null value. */
type Converter = (v: unknown) => unknown;

const toNull: Converter = () => null;
const identity: Converter = (v) => v;

function asString(v: unknown): string {
  if (typeof v !== 'string') throw functionArgumentError('convert', 'a string value', v);
  return v;
}

function asNumber(v: unknown): number {
  if (typeof v !== 'number') throw functionArgumentError('convert', 'a numeric value', v);
  return v;
}

function asBool(v: unknown): boolean {
  if (typeof v !== 'boolean') throw functionArgumentError('convert', 'a bool value', v);
  return v;
}

/** Java's `toString` of a value of the given static type. */
function toText(from: AttributeType): Converter {
  switch (from) {
    case 'float':
      return (v) => (typeof v === 'number' ? javaFloatToString(v) : String(v));
    case 'double':
      return (v) => (typeof v === 'number' ? javaDoubleToString(v) : String(v));
    case 'object':
      // the Java class is unknown: integral numbers print as integers, others as doubles
      return (v) =>
        typeof v === 'number' && !Number.isInteger(v) ? javaDoubleToString(v) : String(v);
    default:
      return (v) => String(v);
  }
}

function toInt(from: AttributeType): Converter {
  switch (from) {
    case 'string':
      return (v) => parseJavaInt(asString(v));
    case 'int':
      return identity;
    case 'long':
      return (v) => longToInt(asNumber(v));
    case 'float':
    case 'double':
      return (v) => doubleToInt(asNumber(v));
    case 'bool':
      return (v) => (asBool(v) ? 1 : 0);
    case 'object':
      return toNull;
  }
}

function toLong(from: AttributeType): Converter {
  switch (from) {
    case 'string':
      return (v) => parseJavaLong(asString(v));
    case 'int':
    case 'long':
      return identity;
    case 'float':
    case 'double':
      return (v) => doubleToLong(asNumber(v));
    case 'bool':
      return (v) => (asBool(v) ? 1 : 0);
    case 'object':
      return toNull;
  }
}

function toFloat(from: AttributeType): Converter {
  switch (from) {
    case 'string':
      return (v) => parseJavaFloat(asString(v));
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return (v) => Math.fround(asNumber(v));
    case 'bool':
      return (v) => (asBool(v) ? 1 : 0);
    case 'object':
      return toNull;
  }
}

function toDouble(from: AttributeType): Converter {
  switch (from) {
    case 'string':
      return (v) => parseJavaDouble(asString(v));
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return identity;
    case 'bool':
      return (v) => (asBool(v) ? 1 : 0);
    case 'object':
      return toNull;
  }
}

function toBool(from: AttributeType): Converter {
  switch (from) {
    case 'string':
      return (v) => asString(v).toLowerCase() === 'true';
    case 'int':
    case 'long':
    case 'float':
    case 'double':
      return (v) => asNumber(v) === 1;
    case 'bool':
      return identity;
    case 'object':
      return toNull;
  }
}

/** The converter from one static type to another (chosen once, at compile time). */
export function converterOf(from: AttributeType | 'null', to: AttributeType): Converter {
  if (from === 'null') return toNull;
  switch (to) {
    case 'string':
      return toText(from);
    case 'int':
      return toInt(from);
    case 'long':
      return toLong(from);
    case 'float':
      return toFloat(from);
    case 'double':
      return toDouble(from);
    case 'bool':
      return toBool(from);
    case 'object':
      return identity;
  }
}

/** `convert(value, 'int'|'long'|'float'|'double'|'string'|'bool')`. */
export const convertFunction: FunctionImplementation = {
  namespace: '',
  name: 'convert',
  create: (args) => {
    const to = typeNamedBy(args, 1);
    const convert = converterOf(args[0]?.type ?? 'null', to);
    return {
      type: to,
      bind<C>(evaluators: readonly Evaluator<C>[]): Evaluator<C> {
        const value = evaluators[0];
        if (value === undefined) return toNull;
        return (c) => {
          const v = value(c);
          return v === null || v === undefined ? null : convert(v);
        };
      },
    };
  },
};
