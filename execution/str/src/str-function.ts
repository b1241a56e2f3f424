// What every str:* function shares: the spec defaults (namespace `str`, stable), Siddhi's
// wording for null arguments, and Java's `String.valueOf` for the values functions print.

import {
  compileJavaPattern,
  defineFunction,
  javaDoubleToString,
  javaFloatToString,
  JavaRegexError,
  type ArgumentInfo,
  type Extension,
  type FunctionSpec,
} from '@tributary/engine/extension-api';
import type { AttributeType } from '@tributary/engine';

/** A str function spec without the parts every str function has in common. */
export type StrFunctionSpec = Omit<FunctionSpec, 'namespace' | 'status'>;

/**
 * Describes a `str:` function (namespace `str`, status stable).
 * @example
 * export const upper = strFunction({ name: 'upper', summary: '…', parameters: [...],
 *   returnType: 'string', examples: [...], create: () => ({ type: 'string', call: … }) });
 */
export function strFunction(spec: StrFunctionSpec): Extension {
  return defineFunction({ namespace: 'str', status: 'stable', ...spec });
}

const ORDINALS = ['First', 'Second', 'Third', 'Fourth'] as const;

/**
 * Siddhi's error for a null argument (the event is dropped and the error logged).
 * @example
 * throw nullArgument('charAt', 0); // Invalid input given to str:charAt() function. First argument cannot be null
 */
export function nullArgument(name: string, index: number): Error {
  const ordinal = ORDINALS[index] ?? `#${String(index + 1)}`;
  return new Error(
    `Invalid input given to str:${name}() function. ${ordinal} argument cannot be null`,
  );
}

/** Reads a string argument: null throws Siddhi's error, another type is a bug upstream. */
export function stringArgument(name: string, values: readonly unknown[], index: number): string {
  const v = values[index];
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) throw nullArgument(name, index);
  throw new TypeError(`str:${name}() expects a string as argument ${String(index + 1)}`);
}

/** Reads an int argument like `stringArgument`. */
export function intArgument(name: string, values: readonly unknown[], index: number): number {
  const v = values[index];
  if (typeof v === 'number') return v;
  if (v === null || v === undefined) throw nullArgument(name, index);
  throw new TypeError(`str:${name}() expects an int as argument ${String(index + 1)}`);
}

/**
 * Java's `String.valueOf` of a value whose static type is `type`: floats and doubles print
 * like Java (`2.0`, `1.0E7`); objects of unknown class print integral numbers as integers.
 * @example
 * javaText('double')(2); // '2.0'
 */
export function javaText(type: AttributeType | 'null'): (v: unknown) => string {
  switch (type) {
    case 'float':
      return (v) => (typeof v === 'number' ? javaFloatToString(v) : javaObjectText(v));
    case 'double':
      return (v) => (typeof v === 'number' ? javaDoubleToString(v) : javaObjectText(v));
    default:
      return javaObjectText;
  }
}

/** `String.valueOf` of a value of unknown Java class (maps print as `{k=v}`, lists as `[a, b]`). */
export function javaObjectText(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : javaDoubleToString(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Map) {
    const entries = [...(v as Map<unknown, unknown>)].map(
      ([k, value]) => `${javaObjectText(k)}=${javaObjectText(value)}`,
    );
    return `{${entries.join(', ')}}`;
  }
  if (Array.isArray(v) || v instanceof Set) {
    return `[${[...(v as Iterable<unknown>)].map(javaObjectText).join(', ')}]`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v).map(([k, value]) => `${k}=${javaObjectText(value)}`);
    return `{${entries.join(', ')}}`;
  }
  return typeof v === 'symbol' ? v.toString() : 'function';
}

/**
 * A spec check rejecting a constant argument that is not a valid Java regex (Siddhi compiles
 * constant patterns when the app is created).
 * @example
 * check: constantRegexCheck(1)
 */
export function constantRegexCheck(
  index: number,
): (args: readonly ArgumentInfo[]) => string | undefined {
  return (args) => {
    const arg = args[index];
    if (arg?.constant !== true || typeof arg.value !== 'string') return undefined;
    try {
      compileJavaPattern(arg.value);
      return undefined;
    } catch (error) {
      if (error instanceof JavaRegexError)
        return `syntax error in the regular expression: ${error.message}`;
      throw error;
    }
  };
}
