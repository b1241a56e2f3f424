// json:getString/getInt/getLong/getFloat/getDouble/getBool/getObject and json:isExists: read
// the value at a JSONPath. A missing path gives null (isExists: false); a typed getter gives
// null when the value does not parse as its type, or when the path selects several values.

import type { AttributeType } from '@tributary/engine';
import { defineFunction, type Extension } from '@tributary/engine/extension-api';
import { documentOf, jsonParameter, pathOf, pathParameter } from './json-input.js';
import { readPath, type PathRead } from './json-path.js';
import { toJsonText, type JsonValue } from './json-text.js';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -9223372036854775808n;
const LONG_MAX = 9223372036854775807n;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?$/;

/** The one value a path selected: a one-element list (or array) counts as its element. */
function singleValue(read: PathRead): JsonValue | undefined {
  let value: JsonValue;
  if (read.kind === 'missing') return undefined;
  else if (read.kind === 'list') value = read.values;
  else value = read.value;
  if (Array.isArray(value)) return value.length === 1 ? value[0] : undefined;
  return value ?? undefined;
}

/** A value as Java's `toString()` shows it (objects and arrays as JSON). */
function textOf(value: JsonValue): string {
  return typeof value === 'string'
    ? value
    : typeof value === 'object'
      ? toJsonText(value)
      : String(value);
}

function parseInteger(text: string, min: bigint, max: bigint): number | null {
  if (!INTEGER.test(text)) return null;
  const n = BigInt(text);
  return n < min || n > max ? null : Number(n);
}

/** Java's `Double.parseDouble`: trims, accepts NaN/Infinity and a trailing `d`/`f`. */
export function parseJavaDouble(text: string): number | null {
  const t = text.trim();
  if (!DECIMAL.test(t)) return null;
  const body = t.replace(/[fFdD]$/, '');
  if (body.endsWith('NaN')) return NaN;
  return Number(body);
}

type Convert = (read: PathRead) => unknown;

const converters: Readonly<Record<string, Convert>> = {
  getString: (read) => {
    if (read.kind === 'missing') return null;
    if (read.kind === 'list') return toJsonText(read.values);
    const v = read.value;
    return v === null ? null : typeof v === 'string' ? v : toJsonText(v);
  },
  getInt: (read) => {
    const v = singleValue(read);
    return v === undefined ? null : parseInteger(textOf(v), BigInt(INT_MIN), BigInt(INT_MAX));
  },
  getLong: (read) => {
    const v = singleValue(read);
    return v === undefined ? null : parseInteger(textOf(v), LONG_MIN, LONG_MAX);
  },
  getDouble: (read) => {
    const v = singleValue(read);
    if (v === undefined) return null;
    return typeof v === 'number' ? v : parseJavaDouble(textOf(v));
  },
  getFloat: (read) => {
    const v = singleValue(read);
    if (v === undefined) return null;
    const d = typeof v === 'number' ? v : parseJavaDouble(textOf(v));
    return d === null ? null : Math.fround(d);
  },
  getBool: (read) => {
    const v = singleValue(read);
    if (v === undefined) return null;
    const t = textOf(v).toLowerCase();
    return t === 'true' ? true : t === 'false' ? false : null;
  },
  getObject: (read) => {
    if (read.kind === 'missing') return null;
    const v = read.kind === 'list' ? read.values : read.value;
    return Array.isArray(v) && v.length === 1 ? v[0] : v;
  },
  isExists: (read) => read.kind === 'value' || (read.kind === 'list' && read.values.length > 0),
};

interface GetterDoc {
  readonly name: keyof typeof converters;
  readonly returnType: AttributeType;
  readonly summary: string;
  readonly description: string;
  readonly returnDescription: string;
  readonly path: string;
  readonly example: string;
  readonly examplePath: string;
}

function getter(doc: GetterDoc): Extension {
  const convert = converters[doc.name];
  if (convert === undefined) throw new Error(`no converter for json:${doc.name}`);
  const fn = `json:${doc.name}`;
  const missing = doc.name === 'isExists' ? false : null;
  return defineFunction({
    namespace: 'json',
    name: doc.name,
    status: 'stable',
    summary: doc.summary,
    description: doc.description,
    parameters: [
      jsonParameter('The JSON input (a JSON string or object) to read from.'),
      pathParameter(doc.path),
    ],
    returnType: doc.returnType,
    returnDescription: doc.returnDescription,
    examples: [
      {
        description: doc.example,
        siddhi:
          'define stream InputStream (json string);\n' +
          `from InputStream\nselect json:${doc.name}(json, '${doc.examplePath}') as value\n` +
          'insert into OutputStream;',
      },
    ],
    create: () => ({
      type: doc.returnType,
      call: (args) => {
        const document = documentOf(args[0]);
        const path = pathOf(fn, args[1]);
        return document === undefined ? missing : convert(readPath(document, path));
      },
    }),
  });
}

/** json:getString. */
export const getStringFunction = getter({
  name: 'getString',
  examplePath: '$.name',
  returnType: 'string',
  summary: 'Returns the value at a JSONPath as a string (objects and arrays as JSON text).',
  description:
    'Reads the element at `path`. A string is returned as it is, any other element as its JSON ' +
    'text; a path selecting several elements (wildcards, filters) gives them as a JSON array. ' +
    'Returns null when the path is missing.',
  returnDescription: 'The element as a string, or null.',
  path: 'The JSONPath of the element.',
  example: "For `{'name' : 'John', 'age' : 23}` returns `John`.",
});

/** json:getInt. */
export const getIntFunction = getter({
  name: 'getInt',
  examplePath: '$.age',
  returnType: 'int',
  summary: 'Returns the int value at a JSONPath.',
  description:
    'Reads the element at `path` and parses it as an int. Returns null when the path is missing, ' +
    'selects more than one element, or the element is not an int.',
  returnDescription: 'The int value, or null.',
  path: 'The JSONPath of the int value.',
  example: "For `{'name' : 'John', 'age' : 23}` and path `$.age` returns 23; `$.name` gives null.",
});

/** json:getLong. */
export const getLongFunction = getter({
  name: 'getLong',
  examplePath: '$.age',
  returnType: 'long',
  summary: 'Returns the long value at a JSONPath.',
  description:
    'Reads the element at `path` and parses it as a long. Returns null when the path is missing, ' +
    'selects more than one element, or the element is not a long.',
  returnDescription: 'The long value, or null.',
  path: 'The JSONPath of the long value.',
  example: "For `{'name' : 'John', 'age' : 23}` and path `$.age` returns 23.",
});

/** json:getDouble. */
export const getDoubleFunction = getter({
  name: 'getDouble',
  examplePath: '$.salary',
  returnType: 'double',
  summary: 'Returns the double value at a JSONPath.',
  description:
    'Reads the element at `path` and parses it as a double. Returns null when the path is ' +
    'missing, selects more than one element, or the element is not a number.',
  returnDescription: 'The double value, or null.',
  path: 'The JSONPath of the double value.',
  example: "For `{'name' : 'John', 'salary' : 12000.0}` and path `$.salary` returns 12000.0.",
});

/** json:getFloat. */
export const getFloatFunction = getter({
  name: 'getFloat',
  examplePath: '$.salary',
  returnType: 'float',
  summary: 'Returns the float value at a JSONPath.',
  description:
    'Reads the element at `path` and parses it as a float. Returns null when the path is ' +
    'missing, selects more than one element, or the element is not a number.',
  returnDescription: 'The float value, or null.',
  path: 'The JSONPath of the float value.',
  example: "For `{'name' : 'John', 'salary' : 12000.0}` and path `$.salary` returns 12000.",
});

/** json:getBool. */
export const getBoolFunction = getter({
  name: 'getBool',
  examplePath: '$.married',
  returnType: 'bool',
  summary: 'Returns the bool value at a JSONPath.',
  description:
    'Reads the element at `path` as a bool (`true`/`false`, any case). Returns null when the ' +
    'path is missing, selects more than one element, or the element is not a bool.',
  returnDescription: 'The bool value, or null.',
  path: 'The JSONPath of the bool value.',
  example: "For `{'name' : 'John', 'married' : true}` and path `$.married` returns true.",
});

/** json:getObject. */
export const getObjectFunction = getter({
  name: 'getObject',
  examplePath: '$.address',
  returnType: 'object',
  summary: 'Returns the element at a JSONPath as an object (JSON objects as plain objects).',
  description:
    'Reads the element at `path`: JSON objects come back as plain objects, arrays as arrays; a ' +
    'one-element array (or one match) is unwrapped to its element, as Siddhi does. Returns null ' +
    'when the path is missing.',
  returnDescription: 'The element, or null.',
  path: 'The JSONPath of the element.',
  example:
    "For `{'name' : 'John', 'address' : {'city' : 'NY'}}` and path `$.address` returns `{city: 'NY'}`.",
});

/** json:isExists. */
export const isExistsFunction = getter({
  name: 'isExists',
  examplePath: '$.name',
  returnType: 'bool',
  summary: 'Checks whether a JSONPath selects an element.',
  description:
    'True when `path` selects an element (a JSON null counts), false when it selects nothing or ' +
    'the JSON input is null.',
  returnDescription: 'Whether the element exists.',
  path: 'The JSONPath to check.',
  example:
    "For `{'name' : 'John', 'age' : 23}` returns true for `$.name` and false for `$.salary`.",
});

/** Every getter, in documentation order. */
export const getFunctions: readonly Extension[] = [
  getBoolFunction,
  getDoubleFunction,
  getFloatFunction,
  getIntFunction,
  getLongFunction,
  getObjectFunction,
  getStringFunction,
  isExistsFunction,
];
