// What the math:* functions share: the spec defaults (namespace `math`, stable), the
// parameter kinds, and Siddhi's conversion of any numeric argument to a double.

import type { AttributeType } from '@tributary/engine';
import {
  defineFunction,
  type Extension,
  type FunctionSpec,
  type ParameterSpec,
} from '@tributary/engine/extension-api';

/** The numeric attribute types. */
export const NUMERIC: readonly AttributeType[] = ['int', 'long', 'float', 'double'];

/** A math function spec without the parts every math function has in common. */
export type MathFunctionSpec = Omit<FunctionSpec, 'namespace' | 'status'>;

/**
 * Describes a `math:` function (namespace `math`, status stable).
 * @example
 * export const pi = mathFunction({ name: 'pi', summary: '…', parameters: [],
 *   returnType: 'double', examples: [...], create: () => ({ type: 'double', call: () => Math.PI }) });
 */
export function mathFunction(spec: MathFunctionSpec): Extension {
  return defineFunction({ namespace: 'math', status: 'stable', ...spec });
}

/** A parameter named `name` accepting `types`. */
export function param(
  name: string,
  description: string,
  types: readonly AttributeType[] = NUMERIC,
): ParameterSpec {
  return { name, types, description };
}

/**
 * Siddhi's `MathUtil.convertToDouble`: any numeric value as a double (a float is already a
 * 32-bit value held as a double); anything else is an error.
 * @example
 * toDouble('abs', 3); // 3
 */
export function toDouble(name: string, v: unknown): number {
  if (typeof v === 'number') return v;
  const kind = v === null ? 'null' : typeof v;
  throw new Error(
    `math:${name}() failed to convert to double, invalid parameter type: ${kind}. Only int, ` +
      'long, float and double convert to double.',
  );
}

/** The usual example: `select math:<name>(inValue) as <alias>` over a double stream. */
export function unaryExample(name: string, alias: string, description: string) {
  return {
    description,
    siddhi:
      'define stream InValueStream (inValue double);\n' +
      `from InValueStream select math:${name}(inValue) as ${alias} insert into OutMediationStream;`,
  };
}
