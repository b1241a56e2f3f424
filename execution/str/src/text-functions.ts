// str:length, lower, upper, trim, reverse, repeat, concat and coalesce: whole-string
// transformations, with Java's String semantics (UTF-16 lengths, `trim` of chars <= U+0020).

import { type ArgumentInfo, type Extension } from '@tributary/engine/extension-api';
import { intArgument, javaText, stringArgument, strFunction } from './str-function.js';

const ANY = ['int', 'long', 'float', 'double', 'string', 'bool', 'object'] as const;

/** Java's `String.trim`: strips characters up to U+0020 at both ends (not Unicode spaces). */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start += 1;
  while (end > start && s.charCodeAt(end - 1) <= 32) end -= 1;
  return s.slice(start, end);
}

/** `str:length(input.string)`: the number of UTF-16 code units, as Java's `String.length`. */
export const length: Extension = strFunction({
  name: 'length',
  summary: 'Returns the length of the input string.',
  description:
    'The length counts UTF-16 code units, as `java.lang.String.length()` does. A null input ' +
    'fails the event.',
  parameters: [{ name: 'input.string', types: ['string'], description: 'The string to measure.' }],
  returnType: 'int',
  returnDescription: 'The length of the string.',
  examples: [
    {
      description: "Outputs 11 for 'Hello World'.",
      siddhi:
        'define stream In (text string);\n' +
        'from In select str:length(text) as len insert into Out;',
    },
  ],
  create: () => ({ type: 'int', call: (v) => stringArgument('length', v, 0).length }),
});

/** `str:lower(input.string)`. */
export const lower: Extension = strFunction({
  name: 'lower',
  summary: 'Converts the capital letters in the input string to the equivalent simple letters.',
  parameters: [{ name: 'input.string', types: ['string'], description: 'The string to convert.' }],
  returnType: 'string',
  returnDescription: 'The string in lower case.',
  examples: [
    {
      description: "Outputs 'wso2 cep ' for 'WSO2 cep '.",
      siddhi:
        'define stream In (text string);\n' +
        'from In select str:lower(text) as lowerText insert into Out;',
    },
  ],
  create: () => ({ type: 'string', call: (v) => stringArgument('lower', v, 0).toLowerCase() }),
});

/** `str:upper(input.string)`. */
export const upper: Extension = strFunction({
  name: 'upper',
  summary: 'Converts the simple letters in the input string to the equivalent capital letters.',
  parameters: [{ name: 'input.string', types: ['string'], description: 'The string to convert.' }],
  returnType: 'string',
  returnDescription: 'The string in upper case.',
  examples: [
    {
      description: "Outputs 'HELLO WORLD' for 'Hello World'.",
      siddhi:
        'define stream In (text string);\n' +
        'from In select str:upper(text) as upperText insert into Out;',
    },
  ],
  create: () => ({ type: 'string', call: (v) => stringArgument('upper', v, 0).toUpperCase() }),
});

/** `str:trim(input.string)`. */
export const trim: Extension = strFunction({
  name: 'trim',
  summary: 'Returns the input string without leading and trailing whitespace.',
  description:
    'Like `java.lang.String.trim()`, every character up to U+0020 (spaces and control ' +
    'characters) is whitespace; other Unicode spaces are kept.',
  parameters: [{ name: 'input.string', types: ['string'], description: 'The string to trim.' }],
  returnType: 'string',
  returnDescription: 'The trimmed string.',
  examples: [
    {
      description: "Outputs 'AbCDefghiJ KLMN' for '  AbCDefghiJ KLMN  '.",
      siddhi:
        'define stream In (text string);\n' +
        'from In select str:trim(text) as trimmed insert into Out;',
    },
  ],
  create: () => ({ type: 'string', call: (v) => javaTrim(stringArgument('trim', v, 0)) }),
});

/** `str:reverse(input.string)`. */
export const reverse: Extension = strFunction({
  name: 'reverse',
  summary: 'Returns the input string with its characters in reverse order.',
  description: 'Surrogate pairs (characters outside the BMP) stay intact, as in Java.',
  parameters: [{ name: 'input.string', types: ['string'], description: 'The string to reverse.' }],
  returnType: 'string',
  returnDescription: 'The reversed string.',
  examples: [
    {
      description: "Outputs 'dlroW olleH' for 'Hello World'.",
      siddhi:
        'define stream In (text string);\n' +
        'from In select str:reverse(text) as reversed insert into Out;',
    },
  ],
  create: () => ({
    type: 'string',
    call: (v) =>
      Array.from(stringArgument('reverse', v, 0))
        .reverse()
        .join(''),
  }),
});

/** `str:repeat(input.string, times)`. */
export const repeat: Extension = strFunction({
  name: 'repeat',
  summary: 'Repeats the input string the given number of times.',
  description: 'Zero or a negative count gives the empty string.',
  parameters: [
    { name: 'input.string', types: ['string'], description: 'The string to repeat.' },
    { name: 'times', types: ['int'], description: 'How many times to repeat it.' },
  ],
  returnType: 'string',
  returnDescription: 'The repeated string.',
  examples: [
    {
      description: "Outputs 'StRing 1StRing 1StRing 1' for ('StRing 1', 3).",
      siddhi:
        'define stream In (text string, n int);\n' +
        'from In select str:repeat(text, n) as repeated insert into Out;',
    },
  ],
  create: () => ({
    type: 'string',
    call: (v) => {
      const source = stringArgument('repeat', v, 0);
      const times = intArgument('repeat', v, 1);
      return times > 0 ? source.repeat(times) : '';
    },
  }),
});

/** `str:concat(arg, arg, ...)`. */
export const concat: Extension = strFunction({
  name: 'concat',
  summary: 'Concatenates two or more values into a string.',
  description:
    'Null arguments are skipped. Numbers print as Java prints them (a double `2` as `2.0`).',
  parameters: [
    {
      name: 'arg',
      types: ['string', 'double', 'bool', 'float', 'int', 'long'],
      description: 'Two or more values to concatenate.',
      repeatable: true,
    },
  ],
  overloads: [['arg', '...']],
  check: (args) =>
    args.length < 2
      ? `str:concat() requires at least two arguments, but found ${String(args.length)}`
      : undefined,
  returnType: 'string',
  returnDescription: 'The concatenated string.',
  examples: [
    {
      description: "Outputs 'D5338JU^XYZ' for ('D533', '8JU^', 'XYZ').",
      siddhi:
        'define stream In (a string, b string, c string);\n' +
        'from In select str:concat(a, b, c) as joined insert into Out;',
    },
  ],
  create: (args) => {
    const texts = args.map((a) => javaText(a.type));
    return {
      type: 'string',
      call: (v) => {
        let out = '';
        for (let i = 0; i < v.length; i += 1) {
          const value = v[i];
          if (value !== null && value !== undefined) out += (texts[i] ?? String)(value);
        }
        return out;
      },
    };
  },
});

/** Every typed argument must have the type of the first. */
function sameTypes(args: readonly ArgumentInfo[]): string | undefined {
  let first: string | undefined;
  for (const a of args) {
    if (a.type === undefined || a.type === 'null') continue;
    if (first === undefined) first = a.type;
    else if (a.type !== first) {
      return `str:coalesce() arguments must all have the same type, found ${first} and ${a.type}`;
    }
  }
  return undefined;
}

/** `str:coalesce(arg, ...)`. */
export const coalesce: Extension = strFunction({
  name: 'coalesce',
  summary: 'Returns the first of its arguments that is not null.',
  description: 'All arguments must have the same type; that type is the result type.',
  parameters: [
    {
      name: 'arg',
      types: ANY,
      description: 'One or more values of the same type.',
      repeatable: true,
    },
  ],
  overloads: [['arg', '...']],
  check: sameTypes,
  returnType: (args) => {
    const typed = args.find((a) => a.type !== undefined && a.type !== 'null');
    return typed?.type === undefined || typed.type === 'null' ? 'object' : typed.type;
  },
  returnDescription: 'The first non-null argument.',
  examples: [
    {
      description: "Outputs 'BBB' for (null, 'BBB', 'CCC').",
      siddhi:
        'define stream In (a string, b string, c string);\n' +
        'from In select str:coalesce(a, b, c) as firstValue insert into Out;',
    },
  ],
  create: (args) => {
    const typed = args.find((a) => a.type !== 'null');
    return {
      type: typed === undefined || typed.type === 'null' ? 'object' : typed.type,
      call: (v) => {
        for (const value of v) if (value !== null && value !== undefined) return value;
        return null;
      },
    };
  },
});
