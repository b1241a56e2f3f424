// The two-argument math functions: atan (one or two arguments), copySign, log, max, min and
// power. Arguments convert to doubles; a null argument gives null, as in Siddhi.

import type { Extension } from '@tributary/engine/extension-api';
import { mathFunction, param, toDouble } from './math-function.js';

interface BinarySpec {
  readonly name: string;
  readonly summary: string;
  readonly description?: string;
  readonly first: string;
  readonly second: string;
  readonly compute: (a: number, b: number) => number;
  readonly example: string;
}

function binary(spec: BinarySpec): Extension {
  const { name, compute } = spec;
  return mathFunction({
    name,
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    parameters: [
      param(spec.first, `The first input (${spec.first}).`),
      param(spec.second, `The second input (${spec.second}).`),
    ],
    returnType: 'double',
    returnDescription: `The ${name} of the inputs.`,
    examples: [
      {
        description: spec.example,
        siddhi:
          'define stream InValueStream (inValue1 double, inValue2 int);\n' +
          `from InValueStream select math:${name}(inValue1, inValue2) as ${name}Value ` +
          'insert into OutMediationStream;',
      },
    ],
    create: () => ({
      type: 'double',
      call: (v) => {
        const a = v[0];
        const b = v[1];
        if (a === null || a === undefined || b === null || b === undefined) return null;
        return compute(toDouble(name, a), toDouble(name, b));
      },
    }),
  });
}

/** Java's `Math.copySign`: the magnitude of `a` with the sign bit of `b` (NaN's sign is +). */
function copySign(a: number, b: number): number {
  const negative = b < 0 || Object.is(b, -0);
  return negative ? -Math.abs(a) : Math.abs(a);
}

export const copySignFunction = binary({
  name: 'copySign',
  summary: 'Returns the magnitude of the first input with the sign of the second.',
  first: 'magnitude',
  second: 'sign',
  compute: copySign,
  example: 'copySign(5.6d, -3.0d) returns -5.6.',
});

export const log = binary({
  name: 'log',
  summary: 'Returns the logarithm of a number in the given base.',
  description: 'Computed as ln(number) / ln(base); a base of 1 fails the event.',
  first: 'number',
  second: 'base',
  compute: (number, base) => {
    if (base === 1) {
      throw new Error(
        'The base argument supplied to the math:log() function is equal to 1. Since the ' +
          `logarithm to the base 1 is undefined, math:log(${String(number)},1.0) is undefined`,
      );
    }
    return Math.log(number) / Math.log(base);
  },
  example: 'log(34, 2f) returns 5.08746284125034.',
});

export const max = binary({
  name: 'max',
  summary: 'Returns the greater of two values, as a double.',
  first: 'p1',
  second: 'p2',
  compute: Math.max,
  example: 'max(123.67d, 91) returns 123.67.',
});

export const min = binary({
  name: 'min',
  summary: 'Returns the smaller of two values, as a double.',
  first: 'p1',
  second: 'p2',
  compute: Math.min,
  example: 'min(123.67d, 91) returns 91.0.',
});

export const power = binary({
  name: 'power',
  summary: 'Raises a value to the given power.',
  first: 'value',
  second: 'to.power',
  compute: Math.pow,
  example: 'power(5.6d, 3.0d) returns 175.61599999999996.',
});

/** `math:atan(p1)` or `math:atan(p1, p2)` (atan2 of y = p1, x = p2). */
export const atan: Extension = mathFunction({
  name: 'atan',
  summary: 'Returns the arc-tangent of p1, or with p2 the angle of the point (p2, p1) (atan2).',
  description:
    'With one argument, java.lang.Math.atan(p1); with two, java.lang.Math.atan2(p1, p2). ' +
    'A null argument gives null.',
  parameters: [
    param('p1', 'The value whose arc-tangent is found (the y coordinate with p2).'),
    { ...param('p2', 'The x coordinate.'), optional: true },
  ],
  overloads: [['p1'], ['p1', 'p2']],
  returnType: 'double',
  returnDescription: 'The angle in radians.',
  examples: [
    {
      description: 'atan(12d, 5d) returns 1.1760052070951352.',
      siddhi:
        'define stream InValueStream (inValue1 double, inValue2 double);\n' +
        'from InValueStream select math:atan(inValue1, inValue2) as convertedValue ' +
        'insert into OutMediationStream;',
    },
  ],
  create: (args) => {
    const two = args.length === 2;
    return {
      type: 'double',
      call: (v) => {
        const a = v[0];
        if (a === null || a === undefined) return null;
        if (!two) return Math.atan(toDouble('atan', a));
        const b = v[1];
        if (b === null || b === undefined) return null;
        return Math.atan2(toDouble('atan', a), toDouble('atan', b));
      },
    };
  },
});

/** Every function of this file. */
export const binaryFunctions: readonly Extension[] = [atan, copySignFunction, log, max, min, power];
