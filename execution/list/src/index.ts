// List functions (list:create, list:add, …), the list:collect and list:merge aggregators and
// list:tokenize: the extension list this plugin package registers. Lists are arrays.

import type { Extension } from '@tributary/engine/extension-api';
import { accessFunctions } from './list-access-functions.js';
import { collectAggregator, mergeAggregator } from './list-aggregators.js';
import { updateFunctions } from './list-update-functions.js';
import { tokenizeProcessor } from './tokenize.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * createRegistry(builtinExtensions, { package: '@tributary/execution-list', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [
  collectAggregator,
  mergeAggregator,
  ...accessFunctions,
  ...updateFunctions,
  tokenizeProcessor,
];
