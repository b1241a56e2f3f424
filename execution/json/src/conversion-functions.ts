// json:toObject(json) parses JSON text into an object; json:toString(json[, allow.escape])
// writes an object (or normalises JSON text) as a JSON string, optionally escaped once more as
// a JSON string literal (`"{\"user\":\"david\"}"`).

import { defineFunction, type Extension } from '@tributary/engine/extension-api';
import { documentOf } from './json-input.js';
import { parseJson, toJsonText } from './json-text.js';

/** json:toObject. */
export const toObjectFunction: Extension = defineFunction({
  namespace: 'json',
  name: 'toObject',
  status: 'stable',
  summary: 'Generates a JSON object from a JSON string.',
  description:
    'Parses `json` (strict or permissive JSON, e.g. single-quoted) into plain objects and ' +
    'arrays. Null gives null; text that is not JSON fails the event.',
  parameters: [
    { name: 'json', types: ['string'], description: 'A JSON string to convert to an object.' },
  ],
  returnType: 'object',
  returnDescription: 'The JSON object.',
  examples: [
    {
      description: 'Converts the JSON string in `json` into an object.',
      siddhi:
        'define stream InputStream (json string);\n' +
        'from InputStream\nselect json:toObject(json) as jsonObject\n' +
        'insert into OutputStream;',
    },
  ],
  create: () => ({
    type: 'object',
    call: (args) => {
      const text = args[0];
      if (text === null || text === undefined) return null;
      if (typeof text !== 'string') throw new TypeError('json:toObject expects a JSON string');
      return parseJson(text);
    },
  }),
});

/** json:toString. */
export const toStringFunction: Extension = defineFunction({
  namespace: 'json',
  name: 'toString',
  status: 'stable',
  summary: 'Generates a JSON string from a JSON object.',
  description:
    'Writes `json` as compact JSON text (maps become objects, lists arrays; a JSON string is ' +
    're-written compactly). With `allow.escape` true the text is escaped once more, as a JSON ' +
    'string literal with its quotes.',
  parameters: [
    {
      name: 'json',
      types: ['string', 'object'],
      description: 'A JSON object (or JSON string) to write as a JSON string.',
    },
    {
      name: 'allow.escape',
      types: ['bool'],
      optional: true,
      description: 'If true, quotes are escaped in the result. Default: false.',
    },
  ],
  returnType: 'string',
  returnDescription: 'The JSON string.',
  examples: [
    {
      description: 'For an object `{\'user\': \'david\'}` returns `{"user":"david"}`.',
      siddhi:
        'define stream InputStream (json object);\n' +
        'from InputStream\nselect json:toString(json) as jsonString\n' +
        'insert into OutputStream;',
    },
    {
      description: 'For an object `{\'user\': \'david\'}` returns `"{\\"user\\":\\"david\\"}"`.',
      siddhi:
        'define stream InputStream (json object);\n' +
        'from InputStream\nselect json:toString(json, true) as jsonString\n' +
        'insert into OutputStream;',
    },
  ],
  create: () => ({
    type: 'string',
    call: (args) => {
      const document = documentOf(args[0]);
      const text = toJsonText(document ?? null);
      return args[1] === true ? JSON.stringify(text) : text;
    },
  }),
});
