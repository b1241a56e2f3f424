// #json:tokenize(json, path[, fail.on.missing.attribute]) and #json:tokenizeAsObject(…): one
// output event per element the path selects (each element of a selected array, each match of a
// wildcard path), appending `jsonElement` — as JSON text, or as the object itself.

import {
  defineStreamFunction,
  statelessStreamFunction,
  WindowArgumentError,
  type Extension,
  type ParameterSpec,
  type WindowArgument,
} from '@tributary/engine/extension-api';
import { documentOf, jsonParameter, pathOf, pathParameter } from './json-input.js';
import { readPath } from './json-path.js';
import { toJsonText, type JsonValue } from './json-text.js';

const failOnMissing: ParameterSpec = {
  name: 'fail.on.missing.attribute',
  types: ['bool'],
  constant: true,
  optional: true,
  description:
    'When the path selects nothing: true drops the event, false emits it with a null ' +
    '`jsonElement`. Default: true.',
};

/** The elements one event yields; `single` when the path selected one non-array element. */
export interface Tokens {
  readonly elements: JsonValue[];
  readonly single: boolean;
}

/**
 * The elements an event yields: each element of a selected array (or each match), an object or
 * string as the one element; `undefined` when the path selects nothing.
 * @example
 * tokensOf({ a: [1, 2] }, '$.a'); // { elements: [1, 2], single: false }
 */
export function tokensOf(document: JsonValue | undefined, path: string): Tokens | undefined {
  if (document === undefined) return undefined;
  const read = readPath(document, path);
  if (read.kind === 'missing') return undefined;
  if (read.kind === 'list') {
    return read.values.length === 0 ? undefined : { elements: read.values, single: false };
  }
  const value = read.value;
  if (value === null) return undefined;
  if (!Array.isArray(value)) return { elements: [value], single: true };
  return value.length === 0 ? undefined : { elements: value, single: false };
}

function failFlag(args: readonly WindowArgument[], fn: string): boolean {
  const flag = args[2];
  if (flag === undefined) return true;
  if (!flag.constant || typeof flag.value !== 'boolean') {
    throw new WindowArgumentError(`${fn}: fail.on.missing.attribute must be a constant bool`);
  }
  return flag.value;
}

function tokenizer(asObject: boolean): Extension {
  const name = asObject ? 'tokenizeAsObject' : 'tokenize';
  const fn = `json:${name}`;
  return defineStreamFunction({
    namespace: 'json',
    name,
    status: 'stable',
    summary: asObject
      ? 'Tokenizes a JSON into its elements at a path, one event per element as an object.'
      : 'Tokenizes a JSON into its elements at a path, one event per element as JSON text.',
    description:
      'Reads `path` from `json`. A selected array yields one event per element, a path with ' +
      'wildcards or filters one event per match, any other element one event. ' +
      (asObject
        ? 'Each element is appended as `jsonElement` (objects as plain objects).'
        : 'Each element is appended as `jsonElement`: strings as they are when the path selects ' +
          'one, otherwise as JSON text.') +
      ' When the path selects nothing the event is dropped, or emitted with a null ' +
      '`jsonElement` when `fail.on.missing.attribute` is false.',
    parameters: [
      jsonParameter('The JSON (string or object) to tokenize.'),
      pathParameter('The JSONPath of the elements to tokenize.'),
      failOnMissing,
    ],
    overloads: [
      ['json', 'path'],
      ['json', 'path', 'fail.on.missing.attribute'],
    ],
    appends: [{ name: 'jsonElement', type: asObject ? 'object' : 'string' }],
    examples: [
      {
        description:
          "For `{name:'John', enrolledSubjects:['Mathematics', 'Physics']}` and path " +
          '`$.enrolledSubjects` emits two events, one per subject.',
        siddhi:
          'define stream InputStream (json string, path string);\n' +
          `from InputStream#json:${name}(json, path)\n` +
          'select path, jsonElement\ninsert into OutputStream;',
      },
      {
        description: 'Emits the event with a null jsonElement when the path selects nothing.',
        siddhi:
          'define stream InputStream (json string, path string);\n' +
          `from InputStream#json:${name}(json, path, false)\n` +
          'select path, jsonElement\ninsert into OutputStream;',
      },
    ],
    create: (args) => {
      const [jsonArg, pathArg] = args;
      if (jsonArg === undefined || pathArg === undefined) {
        throw new WindowArgumentError(`${fn} takes a json and a path`);
      }
      const fail = failFlag(args, fn);
      return statelessStreamFunction((event) => {
        const document = documentOf(jsonArg.evaluate(event));
        const path = pathOf(fn, pathArg.evaluate(event));
        const tokens = tokensOf(document, path);
        if (tokens === undefined) return fail ? [] : [[null]];
        // a lone string is passed as it is; elements of a list are written as JSON text
        return tokens.elements.map((t) => [
          asObject || (tokens.single && typeof t === 'string') ? t : toJsonText(t),
        ]);
      });
    },
  });
}

/** #json:tokenize. */
export const tokenizeProcessor: Extension = tokenizer(false);

/** #json:tokenizeAsObject. */
export const tokenizeAsObjectProcessor: Extension = tokenizer(true);
