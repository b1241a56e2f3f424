// str:regexp, replaceAll, replaceFirst, split and substr: the functions taking Java regular
// expressions. Constant patterns compile once (and are checked when the app is validated);
// patterns from attributes compile per event through the engine's cache.

import {
  compileJavaPattern,
  type Extension,
  type FunctionArgument,
  type JavaPattern,
} from '@tributary/engine/extension-api';
import {
  constantRegexCheck,
  intArgument,
  nullArgument,
  stringArgument,
  strFunction,
} from './str-function.js';

/** The pattern of argument `index`: compiled now when constant, per event otherwise. */
function patternOf(
  name: string,
  args: readonly FunctionArgument[],
  index: number,
): (values: readonly unknown[]) => JavaPattern {
  const arg = args[index];
  if (arg?.constant === true && typeof arg.value === 'string') {
    const compiled = compileJavaPattern(arg.value);
    return () => compiled;
  }
  return (values) => compileJavaPattern(stringArgument(name, values, index));
}

/** `str:regexp(input.string, regex)`. */
export const regexp: Extension = strFunction({
  name: 'regexp',
  summary: 'Returns true when the whole input string matches the regular expression.',
  description:
    'The regular expression is a Java one, matched against the entire string ' +
    '(`Matcher.matches()`). Null arguments fail the event.',
  parameters: [
    { name: 'input.string', types: ['string'], description: 'The string to match.' },
    { name: 'regex', types: ['string'], description: 'The Java regular expression.' },
  ],
  check: constantRegexCheck(1),
  returnType: 'bool',
  returnDescription: 'Whether the string matches.',
  examples: [
    {
      description: "Outputs true for 'WSO2 abcdh'.",
      siddhi:
        'define stream In (text string);\n' +
        "from In select str:regexp(text, 'WSO(.*h)') as matched insert into Out;",
    },
  ],
  create: (args) => {
    const pattern = patternOf('regexp', args, 1);
    return {
      type: 'bool',
      call: (v) => {
        const source = stringArgument('regexp', v, 0);
        if (v[1] === null || v[1] === undefined) throw nullArgument('regexp', 1);
        return pattern(v).matches(source) !== null;
      },
    };
  },
});

function replacer(name: 'replaceAll' | 'replaceFirst'): Extension {
  const all = name === 'replaceAll';
  return strFunction({
    name,
    summary: all
      ? 'Replaces every substring matching the regular expression with the replacement.'
      : 'Replaces the first substring matching the regular expression with the replacement.',
    description:
      `Java's \`String.${name}\`: the replacement may refer to groups as \`$1\` or ` +
      '`${name}`; a backslash escapes the next character. Null arguments fail the event.',
    parameters: [
      { name: 'input.string', types: ['string'], description: 'The string to change.' },
      { name: 'regex', types: ['string'], description: 'The Java regular expression.' },
      {
        name: 'replacement.string',
        types: ['string'],
        description: 'The replacement for each match.',
      },
    ],
    check: constantRegexCheck(1),
    returnType: 'string',
    returnDescription: 'The string after the replacement.',
    examples: [
      all
        ? {
            description: "Outputs 'test hi test' for 'hello hi hello'.",
            siddhi:
              'define stream In (text string);\n' +
              "from In select str:replaceAll(text, 'hello', 'test') as replaced insert into Out;",
          }
        : {
            description: "Outputs 'hello XXXX hello' for 'hello WSO2 A hello'.",
            siddhi:
              'define stream In (text string);\n' +
              "from In select str:replaceFirst(text, 'WSO2(.*)A', 'XXXX') as replaced " +
              'insert into Out;',
          },
    ],
    create: (args) => {
      const pattern = patternOf(name, args, 1);
      return {
        type: 'string',
        call: (v) => {
          const source = stringArgument(name, v, 0);
          if (v[1] === null || v[1] === undefined) throw nullArgument(name, 1);
          const replacement = stringArgument(name, v, 2);
          const p = pattern(v);
          return all ? p.replaceAll(source, replacement) : p.replaceFirst(source, replacement);
        },
      };
    },
  });
}

/** `str:replaceAll(input.string, regex, replacement.string)`. */
export const replaceAll: Extension = replacer('replaceAll');
/** `str:replaceFirst(input.string, regex, replacement.string)`. */
export const replaceFirst: Extension = replacer('replaceFirst');

/** `str:split(input.string, split.string, group.number)`. */
export const split: Extension = strFunction({
  name: 'split',
  summary: 'Splits the input string by a regular expression and returns the part at an index.',
  description:
    "Java's `String.split(regex)`: trailing empty parts are dropped. An index outside the " +
    'parts, or a null argument, fails the event.',
  parameters: [
    { name: 'input.string', types: ['string'], description: 'The string to split.' },
    {
      name: 'split.string',
      types: ['string'],
      description: 'The Java regular expression separating the parts.',
    },
    { name: 'group.number', types: ['int'], description: 'The index of the part to return.' },
  ],
  check: constantRegexCheck(1),
  returnType: 'string',
  returnDescription: 'The part at the index.',
  examples: [
    {
      description: "Outputs 'WSO2' for 'WSO2,ABM,NSFT'.",
      siddhi:
        'define stream In (text string);\n' +
        "from In select str:split(text, ',', 0) as first insert into Out;",
    },
  ],
  create: (args) => {
    const pattern = patternOf('split', args, 1);
    return {
      type: 'string',
      call: (v) => {
        const source = stringArgument('split', v, 0);
        if (v[1] === null || v[1] === undefined) throw nullArgument('split', 1);
        const index = intArgument('split', v, 2);
        const parts = pattern(v).split(source);
        const part = parts[index];
        if (index < 0 || part === undefined) {
          throw new Error(
            `Index argument ${String(index)} is negative or not less than the length of the ` +
              `given string ${source}`,
          );
        }
        return part;
      },
    };
  },
});

function outOfRange(begin: number, end: number, length: number): Error {
  return new Error(`begin ${String(begin)}, end ${String(end)}, length ${String(length)}`);
}

/** `str:substr(input.string, begin.index | regex[, length | group.number])`. */
export const substr: Extension = strFunction({
  name: 'substr',
  summary:
    'Returns a substring of the input string by begin index and length, or by a regular ' +
    'expression and group number.',
  description:
    '`substr(s, begin)` and `substr(s, begin, length)` cut by position (out-of-range ' +
    'positions fail the event). `substr(s, regex)` returns the first match of the Java ' +
    'regular expression and `substr(s, regex, group.number)` that group of the first match ' +
    '(null when the group did not take part); both return the empty string when nothing ' +
    'matches.',
  parameters: [
    { name: 'input.string', types: ['string'], description: 'The string to cut.' },
    { name: 'begin.index', types: ['int'], description: 'The start index of the substring.' },
    { name: 'length', types: ['int'], description: 'The length of the substring.' },
    {
      name: 'regex',
      types: ['string'],
      description: 'The Java regular expression to match in the string.',
    },
    { name: 'group.number', types: ['int'], description: 'The group of the match to return.' },
  ],
  overloads: [
    ['input.string', 'begin.index'],
    ['input.string', 'begin.index', 'length'],
    ['input.string', 'regex'],
    ['input.string', 'regex', 'group.number'],
  ],
  check: constantRegexCheck(1),
  returnType: 'string',
  returnDescription: 'The substring.',
  examples: [
    {
      description: "Outputs 'efghiJ KLMN' for 'AbCDefghiJ KLMN'.",
      siddhi:
        'define stream In (text string);\n' +
        'from In select str:substr(text, 4) as rest insert into Out;',
    },
    {
      description: "Outputs 'CDef' for 'AbCDefghiJ KLMN'.",
      siddhi:
        'define stream In (text string);\n' +
        'from In select str:substr(text, 2, 4) as part insert into Out;',
    },
    {
      description:
        "Outputs 'llo' for 'WSO2 cep WSO2 XX E hi hA WSO2 heAllo' (the second group of the match).",
      siddhi:
        'define stream In (text string);\n' +
        "from In select str:substr(text, 'WSO2(.*)A(.*)', 2) as tail insert into Out;",
    },
  ],
  create: (args) => {
    const byRegex = args[1]?.type === 'string';
    const third = args.length === 3;
    if (!byRegex) {
      return {
        type: 'string',
        call: (v) => {
          const source = stringArgument('substr', v, 0);
          const begin = intArgument('substr', v, 1);
          const end = third ? begin + intArgument('substr', v, 2) : source.length;
          if (begin < 0 || end > source.length || begin > end) {
            throw outOfRange(begin, end, source.length);
          }
          return source.slice(begin, end);
        },
      };
    }
    const pattern = patternOf('substr', args, 1);
    return {
      type: 'string',
      call: (v) => {
        const source = stringArgument('substr', v, 0);
        if (v[1] === null || v[1] === undefined) throw nullArgument('substr', 1);
        const group = third ? intArgument('substr', v, 2) : 0;
        const match = pattern(v).find(source);
        return match === null ? '' : match.group(group);
      },
    };
  },
});
