// #str:tokenize stream function: one output event per token of the input string, split by a
// constant Java regex (trailing empty tokens dropped, as `Pattern.split`), each carrying the
// input attributes followed by `token`.

import {
  compileJavaPattern,
  defineStreamFunction,
  statelessStreamFunction,
  WindowArgumentError,
  type Extension,
} from '@tributary/engine/extension-api';
import { constantRegexCheck } from './str-function.js';

/** `#str:tokenize(input.string, regex[, distinct])`. */
export const tokenize: Extension = defineStreamFunction({
  namespace: 'str',
  name: 'tokenize',
  status: 'stable',
  summary: 'Splits the input string into tokens by a regular expression; one event per token.',
  description:
    "Each event is emitted once per token, with the token appended as 'token'. The Java " +
    'regular expression must be a constant; with `distinct` true, repeated tokens of one ' +
    'string are emitted once. A null input string fails the event.',
  parameters: [
    { name: 'input.string', types: ['string'], description: 'The string to split.' },
    {
      name: 'regex',
      types: ['string'],
      description: 'The Java regular expression separating tokens.',
      constant: true,
    },
    {
      name: 'distinct',
      types: ['bool'],
      description: 'Whether to emit each token of a string once (default false).',
      optional: true,
      constant: true,
    },
  ],
  overloads: [
    ['input.string', 'regex'],
    ['input.string', 'regex', 'distinct'],
  ],
  check: constantRegexCheck(1),
  appends: [{ name: 'token', type: 'string' }],
  examples: [
    {
      description:
        "For 'Android,Windows8,iOS' three events come out, with tokens 'Android', " +
        "'Windows8' and 'iOS'.",
      siddhi:
        'define stream In (text string);\n' +
        "from In#str:tokenize(text, ',') select token insert into Out;",
    },
  ],
  create: (args) => {
    const [input, regex, distinctArg] = args;
    if (input === undefined || typeof regex?.value !== 'string') {
      throw new WindowArgumentError('str:tokenize() needs an input string and a constant regex');
    }
    const pattern = compileJavaPattern(regex.value);
    const distinct = distinctArg?.value === true;
    return statelessStreamFunction((event) => {
      const text = input.evaluate(event);
      if (typeof text !== 'string') {
        throw new Error(
          'Invalid input given to str:tokenize() function. Input.string cannot be null',
        );
      }
      let tokens = pattern.split(text);
      if (distinct) tokens = [...new Set(tokens)];
      return tokens.map((token) => [token]);
    });
  },
});
