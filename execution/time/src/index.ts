// Date and time functions (time:dateAdd, time:extract, time:timezoneConvert, …) with Java's
// date patterns and calendar rules: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { currentFunctions } from './current-functions.js';
import { arithmeticFunctions } from './date-arithmetic.js';
import { formattingFunctions } from './date-formatting.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * createEngine({ extensions: createRegistry(builtinExtensions,
 *   { package: '@tributary/execution-time', version: '0.1.0', extensions }) });
 */
export const extensions: readonly Extension[] = [
  ...currentFunctions,
  ...arithmeticFunctions,
  ...formattingFunctions,
];
