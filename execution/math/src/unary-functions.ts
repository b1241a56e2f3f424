// The one-argument math functions (abs, trigonometry, logarithms, rounding, classification):
// each converts its argument to a double as Siddhi does, and returns null for a null input.

import type { AttributeType } from '@tributary/engine';
import type { Extension } from '@tributary/engine/extension-api';
import { fdlibmCbrt, javaGetExponent, javaRound } from './java-math.js';
import { mathFunction, NUMERIC, param, toDouble, unaryExample } from './math-function.js';

const FLOATING: readonly AttributeType[] = ['float', 'double'];

interface UnarySpec {
  readonly name: string;
  readonly summary: string;
  readonly description?: string;
  readonly types?: readonly AttributeType[];
  readonly returnType: 'double' | 'bool' | 'int';
  readonly compute: (d: number) => number | boolean;
  readonly example: string;
}

/** A function of one numeric argument; null in gives null out. */
function unary(spec: UnarySpec): Extension {
  const { name, compute, returnType } = spec;
  return mathFunction({
    name,
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    parameters: [param('p1', 'The input value.', spec.types ?? NUMERIC)],
    returnType,
    returnDescription: `The ${name} of the input.`,
    examples: [unaryExample(name, `${name}Value`, spec.example)],
    create: () => ({
      type: returnType,
      call: (v) => {
        const value = v[0];
        if (value === null || value === undefined) return null;
        return compute(toDouble(name, value));
      },
    }),
  });
}

export const abs = unary({
  name: 'abs',
  summary: 'Returns the absolute value of the input (java.lang.Math.abs).',
  returnType: 'double',
  compute: Math.abs,
  example: 'abs(-3) returns 3.0.',
});
export const acos = unary({
  name: 'acos',
  summary: 'Returns the arc-cosine of the input in radians (NaN outside [-1, 1]).',
  types: FLOATING,
  returnType: 'double',
  compute: Math.acos,
  example: 'acos(0.5) returns 1.0471975511965979.',
});
export const asin = unary({
  name: 'asin',
  summary: 'Returns the arc-sine of the input in radians (NaN outside [-1, 1]).',
  types: FLOATING,
  returnType: 'double',
  compute: Math.asin,
  example: 'asin(0.5) returns 0.5235987755982989.',
});
export const cbrt = unary({
  name: 'cbrt',
  summary: 'Returns the cube root of the input (java.lang.Math.cbrt).',
  description: "Computed with fdlibm's algorithm, as Java does, so results match bit for bit.",
  returnType: 'double',
  compute: fdlibmCbrt,
  example: 'cbrt(17d) returns 2.5712815906582356.',
});
export const ceil = unary({
  name: 'ceil',
  summary: 'Returns the smallest integral double greater than or equal to the input.',
  types: FLOATING,
  returnType: 'double',
  compute: Math.ceil,
  example: 'ceil(423.187d) returns 424.0.',
});
export const cos = unary({
  name: 'cos',
  summary: 'Returns the cosine of the input in radians.',
  returnType: 'double',
  compute: Math.cos,
  example: 'cos(6d) returns 0.9601702866503661.',
});
export const cosh = unary({
  name: 'cosh',
  summary: 'Returns the hyperbolic cosine of the input.',
  returnType: 'double',
  compute: Math.cosh,
  example: 'cosh(6d) returns 201.7156361224559.',
});
export const exp = unary({
  name: 'exp',
  summary: "Returns Euler's number e raised to the power of the input.",
  returnType: 'double',
  compute: Math.exp,
  example: 'exp(10.23) returns 27722.51006805505.',
});
export const floor = unary({
  name: 'floor',
  summary: 'Returns the largest integral double less than or equal to the input.',
  returnType: 'double',
  compute: Math.floor,
  example: 'floor(10.23) returns 10.0.',
});
export const getExponent = unary({
  name: 'getExponent',
  summary: 'Returns the unbiased exponent of the input as a double (java.lang.Math.getExponent).',
  description: 'NaN and infinities give 1024; zero and subnormal values give -1023.',
  returnType: 'int',
  compute: javaGetExponent,
  example: 'getExponent(60984.1) returns 15.',
});
export const isInfinite = unary({
  name: 'isInfinite',
  summary: 'Returns true when the input is infinitely large in magnitude.',
  types: FLOATING,
  returnType: 'bool',
  compute: (d) => d === Infinity || d === -Infinity,
  example: 'isInfinite(1.0/0) returns true.',
});
export const isNan = unary({
  name: 'isNan',
  summary: 'Returns true when the input is NaN (not a number).',
  types: FLOATING,
  returnType: 'bool',
  compute: (d) => Number.isNaN(d),
  example: 'isNan of the logarithm of a negative number returns true.',
});
export const ln = unary({
  name: 'ln',
  summary: 'Returns the natural logarithm (base e) of the input.',
  returnType: 'double',
  compute: Math.log,
  example: 'ln(11.453) returns 2.43825170441558 (rounded here).',
});
export const log10 = unary({
  name: 'log10',
  summary: 'Returns the base 10 logarithm of the input.',
  returnType: 'double',
  compute: Math.log10,
  example: 'log10(19.234) returns 1.2840696117100832.',
});
export const log2 = unary({
  name: 'log2',
  summary: 'Returns the base 2 logarithm of the input.',
  description: 'Computed as ln(p1) / ln(2), as Siddhi does.',
  returnType: 'double',
  compute: (d) => Math.log(d) / Math.LN2,
  example: 'log2(91d) returns 6.507794640198696.',
});
export const signum = unary({
  name: 'signum',
  summary: 'Returns 1, 0 or -1 for a positive, zero or negative input.',
  description: 'NaN gives 0.',
  returnType: 'int',
  compute: (d) => (d > 0 ? 1 : d < 0 ? -1 : 0),
  example: 'signum(-6.32d) returns -1.',
});
export const sin = unary({
  name: 'sin',
  summary: 'Returns the sine of the input in radians.',
  returnType: 'double',
  compute: Math.sin,
  example: 'sin(6d) returns -0.27941549819892586.',
});
export const sinh = unary({
  name: 'sinh',
  summary: 'Returns the hyperbolic sine of the input.',
  returnType: 'double',
  compute: Math.sinh,
  example: 'sinh(6d) returns 201.71315737027922.',
});
export const sqrt = unary({
  name: 'sqrt',
  summary: 'Returns the square root of the input.',
  returnType: 'double',
  compute: Math.sqrt,
  example: 'sqrt(4d) returns 2.0.',
});
export const tan = unary({
  name: 'tan',
  summary: 'Returns the tangent of the input in radians.',
  returnType: 'double',
  compute: Math.tan,
  example: 'tan(6d) returns -0.29100619138474915.',
});
export const tanh = unary({
  name: 'tanh',
  summary: 'Returns the hyperbolic tangent of the input.',
  returnType: 'double',
  compute: Math.tanh,
  example: 'tanh(6d) returns 0.9999877116507956.',
});
export const toDegrees = unary({
  name: 'toDegrees',
  summary: 'Converts an angle in radians to degrees.',
  description: 'Computed as p1 * 180 / PI (java.lang.Math.toDegrees on Java 8).',
  returnType: 'double',
  compute: (d) => (d * 180) / Math.PI,
  example: 'toDegrees(6d) returns 343.77467707849394.',
});
export const toRadians = unary({
  name: 'toRadians',
  summary: 'Converts an angle in degrees to radians.',
  description: 'Computed as p1 / 180 * PI (java.lang.Math.toRadians on Java 8).',
  returnType: 'double',
  compute: (d) => (d / 180) * Math.PI,
  example: 'toRadians(6d) returns 0.10471975511965977.',
});

/** `math:round(p1)`: int for a float, long for a double. */
export const round: Extension = mathFunction({
  name: 'round',
  summary: 'Rounds the input to the closest integer (ties towards positive infinity).',
  description:
    'A float rounds to an int and a double to a long, saturating at their ranges; NaN ' +
    'gives 0 (java.lang.Math.round).',
  parameters: [param('p1', 'The value to round.', FLOATING)],
  returnType: (args) => (args[0]?.type === 'float' ? 'int' : 'long'),
  returnDescription: 'The rounded value.',
  examples: [unaryExample('round', 'roundValue', 'round(3252.353) returns 3252.')],
  create: (args) => {
    const range = args[0]?.type === 'float' ? 'int' : 'long';
    return {
      type: range,
      call: (v) => {
        const value = v[0];
        if (value === null || value === undefined) return null;
        return javaRound(toDouble('round', value), range);
      },
    };
  },
});

/** Every one-argument function of this file. */
export const unaryFunctions: readonly Extension[] = [
  abs,
  acos,
  asin,
  cbrt,
  ceil,
  cos,
  cosh,
  exp,
  floor,
  getExponent,
  isInfinite,
  isNan,
  ln,
  log10,
  log2,
  round,
  signum,
  sin,
  sinh,
  sqrt,
  tan,
  tanh,
  toDegrees,
  toRadians,
];
