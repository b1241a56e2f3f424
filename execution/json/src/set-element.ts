// json:setElement(json, path, json.element[, key]): a copy of the JSON with an element set at a
// path, as Siddhi (Jayway) does: appended to an array at the path, set under `key` in the object
// at the path, or replacing the value at the path; a path selecting nothing changes nothing.

import { defineFunction, type Extension } from '@tributary/engine/extension-api';
import { documentOf, jsonParameter, pathOf, pathParameter } from './json-input.js';
import { isDefinitePath, matchPath, type PathMatch } from './json-path.js';
import { isJsonObject, parseJson, toJsonValue, type JsonValue } from './json-text.js';

/**
 * The element as stored when appended or keyed: a string holding a JSON object or array is
 * parsed (Siddhi's rule), anything else is stored as its JSON value.
 */
function parsedElement(element: unknown): JsonValue {
  if (typeof element === 'string') {
    const trimmed = element.trim();
    if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
      try {
        const parsed = parseJson(trimmed);
        if (typeof parsed === 'object' && parsed !== null) return parsed;
      } catch {
        // not JSON: stored as the string it is
      }
    }
    return element;
  }
  return toJsonValue(element);
}

function replaceAt(match: PathMatch, value: JsonValue): void {
  const { parent, property } = match;
  if (Array.isArray(parent) && typeof property === 'number') parent[property] = value;
  else if (isJsonObject(parent) && property !== null) parent[String(property)] = value;
}

/**
 * Sets `element` in `document` (modified in place) at `path`; returns the document (the root
 * may be replaced when `path` is `$`).
 * @example
 * setElement({ items: ['pen'] }, '$.items', 'book'); // { items: ['pen', 'book'] }
 */
export function setElement(
  document: JsonValue,
  path: string,
  element: unknown,
  key?: string,
): JsonValue {
  const matches = matchPath(document, path);
  const definite = isDefinitePath(path);
  const targets = definite ? matches.slice(0, 1) : matches;
  const selectsList = !definite || Array.isArray(targets[0]?.value);
  if (selectsList && targets.length > 0 && targets.every((t) => Array.isArray(t.value))) {
    for (const t of targets) (t.value as JsonValue[]).push(parsedElement(element));
    return document;
  }
  if (!definite) return document;
  const target = targets[0];
  if (target === undefined) return document;
  if (key !== undefined) {
    if (!isJsonObject(target.value)) {
      throw new TypeError(
        `json:setElement cannot set key '${key}': the element at '${path}' is not an object`,
      );
    }
    target.value[key] = parsedElement(element);
    return document;
  }
  const value = toJsonValue(element);
  if (target.parent === null) return value;
  replaceAt(target, value);
  return document;
}

/** json:setElement. */
export const setElementFunction: Extension = defineFunction({
  namespace: 'json',
  name: 'setElement',
  status: 'stable',
  summary: 'Sets a JSON element into a JSON at a path and returns the modified JSON object.',
  description:
    'Works on a copy of `json`. When `path` selects an array the element is appended to it; ' +
    'with `key` the element is put under that key in the object at `path`; otherwise the ' +
    'element replaces the value at `path`. A string element holding a JSON object or array is ' +
    'parsed when appended or keyed. A path that selects nothing returns the JSON unmodified.',
  parameters: [
    jsonParameter('The JSON (string or object) to which the element is added or replaced.'),
    pathParameter('The JSONPath where the element is added or replaced.'),
    {
      name: 'json.element',
      types: ['string', 'bool', 'double', 'float', 'int', 'long', 'object'],
      description: 'The element to add or replace with.',
    },
    {
      name: 'key',
      types: ['string'],
      optional: true,
      description:
        'The key under which the element is added to the object at the path. Default: the ' +
        'element is appended to the array at the path, or replaces the value at the path.',
    },
  ],
  overloads: [
    ['json', 'path', 'json.element'],
    ['json', 'path', 'json.element', 'key'],
  ],
  returnType: 'object',
  returnDescription: 'The modified JSON object.',
  examples: [
    {
      description:
        "For `{'name' : 'John', 'married' : true}` returns `{'name' : 'John', 'married' : true, " +
        "'age' : 40}`.",
      siddhi:
        'define stream InputStream (json string);\n' +
        "from InputStream\nselect json:setElement(json, '$', 40, 'age') as updated\n" +
        'insert into OutputStream;',
    },
    {
      description: "For `{'items' : ['pen', 'pencil']}` appends 'book' to the items array.",
      siddhi:
        'define stream InputStream (json string);\n' +
        "from InputStream\nselect json:setElement(json, '$.items', 'book') as updated\n" +
        'insert into OutputStream;',
    },
  ],
  create: (args) => {
    const keyed = args.length === 4;
    return {
      type: 'object',
      call: (values) => {
        const document = documentOf(values[0]);
        const path = pathOf('json:setElement', values[1]);
        if (document === undefined) return null;
        const key = keyed ? values[3] : undefined;
        if (keyed && typeof key !== 'string') {
          throw new TypeError('json:setElement expects a string key');
        }
        return setElement(document, path, values[2], key as string | undefined);
      },
    };
  },
});
