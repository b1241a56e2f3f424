// Number/text conversions: bin, oct and hex (Java's unsigned two's complement printing and
// Float/Double.toHexString), conv between radixes, and the parse* functions with Java's
// parsing rules (an unparsable string fails the event; null gives null).

import type { AttributeType } from '@tributary/engine';
import {
  parseJavaDouble,
  parseJavaFloat,
  parseJavaInt,
  parseJavaLong,
  type Extension,
} from '@tributary/engine/extension-api';
import {
  javaDoubleToHexString,
  javaFloatToHexString,
  javaIntToString,
  javaParseIntRadix,
  javaUnsignedString,
} from './java-math.js';
import { mathFunction, NUMERIC, param } from './math-function.js';

const INTEGRAL: readonly AttributeType[] = ['int', 'long'];

function radixFunction(name: 'bin' | 'oct', radix: 2 | 8, summary: string, example: string) {
  return mathFunction({
    name,
    summary,
    description: `Negative values print their two's complement bits, as Java's \`toXxxString\`.`,
    parameters: [param('p1', 'The int or long value.', INTEGRAL)],
    returnType: 'string',
    returnDescription: `The value in base ${String(radix)}.`,
    examples: [
      {
        description: example,
        siddhi:
          'define stream InValueStream (inValue long);\n' +
          `from InValueStream select math:${name}(inValue) as ${name}Value ` +
          'insert into OutMediationStream;',
      },
    ],
    create: (args) => {
      const width = args[0]?.type === 'long' ? 'long' : 'int';
      return {
        type: 'string',
        call: (v) => {
          const value = v[0];
          if (typeof value !== 'number') return null;
          return javaUnsignedString(value, width, radix);
        },
      };
    },
  });
}

export const bin = radixFunction(
  'bin',
  2,
  'Returns the binary representation of an int or long, as an unsigned integer.',
  "bin(9) returns '1001'.",
);
export const oct = radixFunction(
  'oct',
  8,
  'Returns the octal representation of an int or long, as an unsigned integer.',
  "oct(99l) returns '143'.",
);

/** `math:hex(p1)`: Integer/Long.toHexString, or Float/Double.toHexString for floating values. */
export const hex: Extension = mathFunction({
  name: 'hex',
  summary: 'Returns the hexadecimal representation of the input.',
  description:
    "Ints and longs print their two's complement bits as unsigned hexadecimal; floats and " +
    'doubles print as `Float.toHexString`/`Double.toHexString` (`0x1.8p1`).',
  parameters: [param('p1', 'The value to print.', NUMERIC)],
  returnType: 'string',
  returnDescription: 'The hexadecimal representation.',
  examples: [
    {
      description: "hex(200) returns 'c8'.",
      siddhi:
        'define stream InValueStream (inValue int);\n' +
        'from InValueStream select math:hex(inValue) as hexString insert into OutMediationStream;',
    },
  ],
  create: (args) => {
    const type = args[0]?.type;
    const print = (value: number): string => {
      switch (type) {
        case 'int':
        case 'long':
          return javaUnsignedString(value, type, 16);
        case 'float':
          return javaFloatToHexString(value);
        default:
          return javaDoubleToHexString(value);
      }
    };
    return {
      type: 'string',
      call: (v) => (typeof v[0] === 'number' ? print(v[0]) : null),
    };
  },
});

/** `math:conv(a, from.base, to.base)`. */
export const conv: Extension = mathFunction({
  name: 'conv',
  summary: 'Converts a number written in one base to another base.',
  description:
    "Java's `Integer.toString(Integer.parseInt(a, from.base), to.base)`: the value must fit " +
    'an int and be valid in the source base (otherwise the event fails); a target base ' +
    'outside 2..36 means 10. A null argument gives null.',
  parameters: [
    param('a', 'The number as text.', ['string']),
    param('from.base', 'The base it is written in.', ['int']),
    param('to.base', 'The base to write it in.', ['int']),
  ],
  returnType: 'string',
  returnDescription: 'The number in the target base.',
  examples: [
    {
      description: "conv('7f', 16, 10) returns '127'.",
      siddhi:
        'define stream InValueStream (inValue string, fromBase int, toBase int);\n' +
        'from InValueStream select math:conv(inValue, fromBase, toBase) as convertedValue ' +
        'insert into OutMediationStream;',
    },
  ],
  create: () => ({
    type: 'string',
    call: (v) => {
      const [a, from, to] = v;
      if (typeof a !== 'string' || typeof from !== 'number' || typeof to !== 'number') {
        return null;
      }
      return javaIntToString(javaParseIntRadix(a, from), to);
    },
  }),
});

function parser(
  name: 'parseDouble' | 'parseFloat' | 'parseInt' | 'parseLong',
  type: 'double' | 'float' | 'int' | 'long',
  parse: (s: string) => number | null,
  example: string,
): Extension {
  return mathFunction({
    name,
    summary: `Returns the ${type} value of a string.`,
    description:
      `Parsed as Java's \`${name}\` does; a string that does not parse fails the event and ` +
      'null gives null.',
    parameters: [param('p1', `The text of the ${type} value.`, ['string'])],
    returnType: type,
    returnDescription: `The ${type} value.`,
    examples: [
      {
        description: example,
        siddhi:
          'define stream InValueStream (inValue string);\n' +
          `from InValueStream select math:${name}(inValue) as output ` +
          'insert into OutMediationStream;',
      },
    ],
    create: () => ({
      type,
      call: (v) => {
        const s = v[0];
        if (typeof s !== 'string') return null;
        const parsed = parse(s);
        if (parsed === null) throw new Error(`For input string: "${s}"`);
        return parsed;
      },
    }),
  });
}

export const parseDouble = parser(
  'parseDouble',
  'double',
  parseJavaDouble,
  "parseDouble('123') returns 123.0.",
);
export const parseFloat = parser(
  'parseFloat',
  'float',
  parseJavaFloat,
  "parseFloat('123') returns 123.0.",
);
export const parseInt = parser('parseInt', 'int', parseJavaInt, "parseInt('123') returns 123.");
export const parseLong = parser(
  'parseLong',
  'long',
  parseJavaLong,
  "parseLong('123') returns 123.",
);

/** Every function of this file. */
export const conversionFunctions: readonly Extension[] = [
  bin,
  conv,
  hex,
  oct,
  parseDouble,
  parseFloat,
  parseInt,
  parseLong,
];
