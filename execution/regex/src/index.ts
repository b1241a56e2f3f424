// Regular-expression functions (regex:find, regex:group, regex:lookingAt, regex:matches) on
// Java regular expressions: the extension list this plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { find, group, lookingAt, matches } from './regex-functions.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * createEngine({ extensions: createRegistry(builtinExtensions,
 *   { package: '@tributary/execution-regex', version: '0.1.0', extensions }) });
 */
export const extensions: readonly Extension[] = [find, group, lookingAt, matches];
