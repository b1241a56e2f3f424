// regex:find, regex:group, regex:lookingAt and regex:matches: Java's Matcher operations on
// Java regular expressions. A constant regex compiles once and is checked when the app is
// validated; a regex from an attribute compiles per event through the engine's cache.

import {
  compileJavaPattern,
  defineFunction,
  JavaRegexError,
  type ArgumentInfo,
  type Extension,
  type FunctionArgument,
  type JavaPattern,
  type ParameterSpec,
} from '@tributary/engine/extension-api';

const REGEX: ParameterSpec = {
  name: 'regex',
  types: ['string'],
  description: 'The Java regular expression, e.g. `\\d\\d(.*)WSO2`.',
};
const INPUT: ParameterSpec = {
  name: 'input.sequence',
  types: ['string'],
  description: 'The string to match, e.g. `21 products are produced by WSO2`.',
};

/** Rejects a constant regex that Java would not compile (Siddhi does so at app creation). */
function checkConstantRegex(args: readonly ArgumentInfo[]): string | undefined {
  const regex = args[0];
  if (regex?.constant !== true || typeof regex.value !== 'string') return undefined;
  try {
    compileJavaPattern(regex.value);
    return undefined;
  } catch (error) {
    if (error instanceof JavaRegexError) {
      return `syntax error in the regular expression: ${error.message}`;
    }
    throw error;
  }
}

function nullRegex(name: string): Error {
  return new Error(
    `Invalid input given to regex:${name}() function. First argument cannot be null`,
  );
}

/** The pattern per event: compiled once for a constant regex. */
function patternOf(
  name: string,
  args: readonly FunctionArgument[],
): (values: readonly unknown[]) => JavaPattern {
  const regex = args[0];
  if (regex?.constant === true && typeof regex.value === 'string') {
    const compiled = compileJavaPattern(regex.value);
    return () => compiled;
  }
  return (values) => {
    const value = values[0];
    if (typeof value !== 'string') throw nullRegex(name);
    return compileJavaPattern(value);
  };
}

const streamLine = 'define stream InputStream (inputSequence string, price long, regex string);\n';

/** `regex:find(regex, input.sequence[, starting.index])`. */
export const find: Extension = defineFunction({
  namespace: 'regex',
  name: 'find',
  status: 'stable',
  summary: 'Returns true when a subsequence of the input matches the regular expression.',
  description:
    "Java's `Matcher.find()`, or `find(starting.index)` (a start index outside the input " +
    'fails the event). A null regex fails the event; a null input sequence or start index ' +
    'gives false.',
  parameters: [
    REGEX,
    INPUT,
    {
      name: 'starting.index',
      types: ['int'],
      description: 'The index to start searching from (default 0).',
      optional: true,
    },
  ],
  overloads: [
    ['regex', 'input.sequence'],
    ['regex', 'input.sequence', 'starting.index'],
  ],
  check: checkConstantRegex,
  returnType: 'bool',
  returnDescription: 'Whether a match was found.',
  examples: [
    {
      description: "True for '21 products are produced by WSO2 currently'.",
      siddhi:
        streamLine +
        "from InputStream select inputSequence, regex:find('\\d\\d(.*)WSO2', inputSequence) " +
        'as aboutWSO2 insert into OutputStream;',
    },
    {
      description: 'Searches from index 30 on.',
      siddhi:
        streamLine +
        "from InputStream select inputSequence, regex:find('\\d\\d(.*)WSO2', inputSequence, 30) " +
        'as aboutWSO2 insert into OutputStream;',
    },
  ],
  create: (args) => {
    const pattern = patternOf('find', args);
    const withStart = args.length === 3;
    return {
      type: 'bool',
      call: (v) => {
        const p = pattern(v);
        const input = v[1];
        if (typeof input !== 'string') return false;
        if (!withStart) return p.find(input) !== null;
        const start = v[2];
        if (typeof start !== 'number') return false;
        return p.find(input, start) !== null;
      },
    };
  },
});

/** `regex:group(regex, input.sequence, group.id)`. */
export const group: Extension = defineFunction({
  namespace: 'regex',
  name: 'group',
  status: 'stable',
  summary:
    'Returns the subsequence captured by a group in the first match of the regular expression.',
  description:
    'Null when nothing matches or the group id is above the number of groups (or the group ' +
    'took no part in the match). Group 0 is the whole match. Null arguments fail the event.',
  parameters: [
    REGEX,
    INPUT,
    { name: 'group.id', types: ['int'], description: 'The group to return.' },
  ],
  check: checkConstantRegex,
  returnType: 'string',
  returnDescription: 'The captured subsequence.',
  examples: [
    {
      description:
        "Outputs 'WSO2 employees' for '21 products are produced within 10 years by WSO2 " +
        "currently by WSO2 employees' and group 3.",
      siddhi:
        'define stream InputStream (inputSequence string, price long, regex string);\n' +
        "from InputStream select inputSequence, regex:group('\\d\\d(.*)(WSO2.*)(WSO2.*)', " +
        'inputSequence, 3) as employees insert into OutputStream;',
    },
  ],
  create: (args) => {
    const pattern = patternOf('group', args);
    return {
      type: 'string',
      call: (v) => {
        if (v[0] === null || v[0] === undefined) throw nullRegex('group');
        const input = v[1];
        if (typeof input !== 'string') {
          throw new Error(
            'Invalid input given to regex:group() function. Second argument cannot be null',
          );
        }
        const id = v[2];
        if (typeof id !== 'number') {
          throw new Error(
            'Invalid input given to regex:group() function. Third argument cannot be null',
          );
        }
        const p = pattern(v);
        const match = p.find(input);
        if (match === null || id > p.groupCount) return null;
        return match.group(id);
      },
    };
  },
});

function boolMatcher(name: 'lookingAt' | 'matches'): Extension {
  const whole = name === 'matches';
  return defineFunction({
    namespace: 'regex',
    name,
    status: 'stable',
    summary: whole
      ? 'Returns true when the entire input sequence matches the regular expression.'
      : 'Returns true when the beginning of the input sequence matches the regular expression.',
    description: whole
      ? "Java's `Matcher.matches()`. A null regex fails the event; a null input gives false."
      : "Java's `Matcher.lookingAt()`: unlike `regex:matches`, the whole input need not " +
        'match. A null regex fails the event; a null input gives false.',
    parameters: [REGEX, INPUT],
    check: checkConstantRegex,
    returnType: 'bool',
    returnDescription: whole ? 'Whether the whole input matches.' : 'Whether a prefix matches.',
    examples: [
      whole
        ? {
            description: "False for '21 products are produced by WSO2 currently'.",
            siddhi:
              streamLine +
              "from InputStream select inputSequence, regex:matches('WSO2(.*)middleware(.*)', " +
              'inputSequence) as aboutWSO2 insert into OutputStream;',
          }
        : {
            description: "True for 'WSO2 is situated in trace and its a middleware company'.",
            siddhi:
              streamLine +
              "from InputStream select inputSequence, regex:lookingAt('WSO2(.*)middleware(.*)', " +
              'inputSequence) as aboutWSO2 insert into OutputStream;',
          },
    ],
    create: (args) => {
      const pattern = patternOf(name, args);
      return {
        type: 'bool',
        call: (v) => {
          const p = pattern(v);
          const input = v[1];
          if (typeof input !== 'string') return false;
          return (whole ? p.matches(input) : p.lookingAt(input)) !== null;
        },
      };
    },
  });
}

/** `regex:lookingAt(regex, input.sequence)`. */
export const lookingAt: Extension = boolMatcher('lookingAt');
/** `regex:matches(regex, input.sequence)`. */
export const matches: Extension = boolMatcher('matches');
