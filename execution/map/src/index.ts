// Map functions (map:create, map:put, …), the map:collect and map:merge aggregators and
// map:tokenize: the extension list this plugin package registers. Maps are JS `Map`s.

import type { Extension } from '@tributary/engine/extension-api';
import { accessFunctions } from './map-access-functions.js';
import { collectAggregator, mergeAggregator } from './map-aggregators.js';
import { conversionFunctions } from './map-conversion-functions.js';
import { updateFunctions } from './map-update-functions.js';
import { tokenizeProcessor } from './tokenize.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * createRegistry(builtinExtensions, { package: '@tributary/execution-map', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [
  collectAggregator,
  mergeAggregator,
  ...accessFunctions,
  ...updateFunctions,
  ...conversionFunctions,
  tokenizeProcessor,
];
