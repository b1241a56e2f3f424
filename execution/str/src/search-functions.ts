// str:charAt, charFrequency, contains, equalsIgnoreCase, locate and strcmp: looking into and
// comparing strings, index by index in UTF-16 code units as Java does.

import type { Extension } from '@tributary/engine/extension-api';
import { intArgument, nullArgument, stringArgument, strFunction } from './str-function.js';

/** `str:charAt(input.value, index)`. */
export const charAt: Extension = strFunction({
  name: 'charAt',
  summary: 'Returns the character at the given index of the input string.',
  description:
    'The index counts UTF-16 code units from 0. An index outside the string fails the event.',
  parameters: [
    { name: 'input.value', types: ['string'], description: 'The string to read from.' },
    { name: 'index', types: ['int'], description: 'The position of the character.' },
  ],
  returnType: 'string',
  returnDescription: 'The character at the index, as a string.',
  examples: [
    {
      description: "Outputs 'S' for ('WSO2', 1).",
      siddhi:
        'define stream In (text string, position int);\n' +
        'from In select str:charAt(text, position) as ch insert into Out;',
    },
  ],
  create: () => ({
    type: 'string',
    call: (v) => {
      const source = stringArgument('charAt', v, 0);
      const index = intArgument('charAt', v, 1);
      if (index < 0 || index >= source.length) {
        throw new Error(
          `Index argument ${String(index)} is negative or not less than the length of the ` +
            `given string ${source}`,
        );
      }
      return source.charAt(index);
    },
  }),
});

/** `str:charFrequency(input.string, char)`. */
export const charFrequency: Extension = strFunction({
  name: 'charFrequency',
  summary: 'Counts how many times a character occurs in the input string.',
  description: "The 'char' argument must be exactly one character; otherwise the event fails.",
  parameters: [
    { name: 'input.string', types: ['string'], description: 'The string to search.' },
    { name: 'char', types: ['string'], description: 'The character to count.' },
  ],
  returnType: 'long',
  returnDescription: 'The number of occurrences.',
  examples: [
    {
      description: "Outputs 2 for ('WSO2,ABM,NSFT', ',').",
      siddhi:
        'define stream In (text string);\n' +
        "from In select str:charFrequency(text, ',') as commas insert into Out;",
    },
  ],
  create: () => ({
    type: 'long',
    call: (v) => {
      const input = stringArgument('charFrequency', v, 0);
      const ch = stringArgument('charFrequency', v, 1);
      if (ch.length !== 1) {
        throw new Error(
          'Invalid input given to str:charFrequency() function. `char` parameter is expected ' +
            `to be a character, found '${ch}'.`,
        );
      }
      const code = ch.charCodeAt(0);
      let count = 0;
      for (let i = 0; i < input.length; i += 1) if (input.charCodeAt(i) === code) count += 1;
      return count;
    },
  }),
});

/** `str:contains(input.string, search.string)`. */
export const contains: Extension = strFunction({
  name: 'contains',
  summary: 'Returns true when the input string contains the search string.',
  description: 'A null input string gives false; a null search string fails the event.',
  parameters: [
    { name: 'input.string', types: ['string'], description: 'The string to search in.' },
    { name: 'search.string', types: ['string'], description: 'The string to search for.' },
  ],
  returnType: 'bool',
  returnDescription: 'Whether the search string occurs in the input string.',
  examples: [
    {
      description: "Outputs true for ('21 products are produced by WSO2 currently', 'WSO2').",
      siddhi:
        'define stream In (text string);\n' +
        "from In select str:contains(text, 'WSO2') as mentionsWso2 insert into Out;",
    },
  ],
  create: () => ({
    type: 'bool',
    call: (v) => {
      if (v[0] === null || v[0] === undefined) return false;
      const source = stringArgument('contains', v, 0);
      return source.includes(stringArgument('contains', v, 1));
    },
  }),
});

/** Java's `Character.toUpperCase` of one UTF-16 unit (a unit whose upper case is longer stays). */
function upperUnit(ch: string): string {
  const u = ch.toUpperCase();
  return u.length === 1 ? u : ch;
}

function lowerUnit(ch: string): string {
  const l = ch.toLowerCase();
  return l.length === 1 ? l : ch;
}

/** Java's `String.equalsIgnoreCase`: same length, and each unit equal ignoring case. */
export function javaEqualsIgnoreCase(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    const c1 = a.charAt(i);
    const c2 = b.charAt(i);
    if (c1 === c2) continue;
    const u1 = upperUnit(c1);
    const u2 = upperUnit(c2);
    if (u1 === u2 || lowerUnit(u1) === lowerUnit(u2)) continue;
    return false;
  }
  return true;
}

/** `str:equalsIgnoreCase(arg1, arg2)`. */
export const equalsIgnoreCase: Extension = strFunction({
  name: 'equalsIgnoreCase',
  summary: 'Returns true when two strings are equal, ignoring the letter case.',
  description: 'A null first argument fails the event; a null second argument gives false.',
  parameters: [
    { name: 'arg1', types: ['string'], description: 'The first string.' },
    { name: 'arg2', types: ['string'], description: 'The string to compare it with.' },
  ],
  returnType: 'bool',
  returnDescription: 'Whether the strings are equal ignoring case.',
  examples: [
    {
      description: "Outputs true for ('WSO2', 'wso2').",
      siddhi:
        'define stream In (a string, b string);\n' +
        'from In select str:equalsIgnoreCase(a, b) as same insert into Out;',
    },
  ],
  create: () => ({
    type: 'bool',
    call: (v) => {
      const a = stringArgument('equalsIgnoreCase', v, 0);
      const b = v[1];
      return typeof b === 'string' && javaEqualsIgnoreCase(a, b);
    },
  }),
});

/** `str:locate(string.to.search.for, string.to.search.in[, searching.start.position])`. */
export const locate: Extension = strFunction({
  name: 'locate',
  summary: 'Returns the position of one string within another, optionally from a start position.',
  description:
    'Returns the index of the first occurrence, or -1 when there is none. With a start ' +
    'position the search runs on the rest of the string and, as in Siddhi, the position is ' +
    'added to the result (so a miss returns position - 1). A start position beyond the ' +
    'string fails the event.',
  parameters: [
    {
      name: 'string.to.search.for',
      types: ['string'],
      description: 'The string to look for, e.g. `@wso2.com`.',
    },
    {
      name: 'string.to.search.in',
      types: ['string'],
      description: 'The string to search in, e.g. `john@wso2.com`.',
    },
    {
      name: 'searching.start.position',
      types: ['int'],
      description: 'The position to start searching from (default 0).',
      optional: true,
    },
  ],
  overloads: [
    ['string.to.search.for', 'string.to.search.in'],
    ['string.to.search.for', 'string.to.search.in', 'searching.start.position'],
  ],
  returnType: 'int',
  returnDescription: 'The index of the first occurrence.',
  examples: [
    {
      description: "Outputs 8 for the email 'streamin@wso2.com'.",
      siddhi:
        'define stream In (email string);\n' +
        "from In select str:locate('@wso2.com', email) as at insert into Out;",
    },
  ],
  create: (args) => {
    const withStart = args.length === 3;
    return {
      type: 'int',
      call: (v) => {
        const target = stringArgument('locate', v, 0);
        const source = stringArgument('locate', v, 1);
        if (!withStart) return source.indexOf(target);
        const start = v[2];
        if (typeof start !== 'number') throw nullArgument('locate', 2);
        if (start < 0 || start > source.length) {
          throw new Error(`String index out of range: ${String(start)}`);
        }
        return source.slice(start).indexOf(target) + start;
      },
    };
  },
});

/** Java's `String.compareTo`: the first differing UTF-16 units' difference, else the lengths'. */
export function javaCompare(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i += 1) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** `str:strcmp(arg1, arg2)`. */
export const strcmp: Extension = strFunction({
  name: 'strcmp',
  summary: 'Compares two strings lexicographically.',
  description:
    'Returns 0 when equal, a positive number when the first is greater, a negative one ' +
    "otherwise: Java's `compareTo` (the difference of the first differing characters, or of " +
    'the lengths).',
  parameters: [
    { name: 'arg1', types: ['string'], description: 'The first string.' },
    { name: 'arg2', types: ['string'], description: 'The string to compare it with.' },
  ],
  returnType: 'int',
  returnDescription: 'The comparison result.',
  examples: [
    {
      description: "Outputs -7 for ('AbCDefghiJ KLMN', 'Hello').",
      siddhi:
        'define stream In (a string);\n' +
        "from In select str:strcmp(a, 'Hello') as comparison insert into Out;",
    },
  ],
  create: () => ({
    type: 'int',
    call: (v) => javaCompare(stringArgument('strcmp', v, 0), stringArgument('strcmp', v, 1)),
  }),
});
