// JSON functions (json:getString, json:setElement, …), the json:group aggregators and
// json:tokenize: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { toObjectFunction, toStringFunction } from './conversion-functions.js';
import { getFunctions } from './get-functions.js';
import { groupAggregator, groupAsObjectAggregator } from './group-aggregators.js';
import { setElementFunction } from './set-element.js';
import { tokenizeAsObjectProcessor, tokenizeProcessor } from './tokenize.js';

export { InvalidJsonError, parseJson, toJsonText, toJsonValue } from './json-text.js';
export type { JsonObject, JsonValue } from './json-text.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * createRegistry(builtinExtensions, { package: '@tributary/execution-json', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [
  groupAggregator,
  groupAsObjectAggregator,
  ...getFunctions,
  setElementFunction,
  toObjectFunction,
  toStringFunction,
  tokenizeProcessor,
  tokenizeAsObjectProcessor,
];
