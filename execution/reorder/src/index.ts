// Out-of-order event reordering (reorder:kslack, reorder:akslack): the extension list this
// plugin package registers.

import type { Extension } from '@tributary/engine/extension-api';
import { akslackProcessor } from './akslack.js';
import { kslackProcessor } from './kslack.js';

/**
 * Every extension of this package, for the registry.
 * @example
 * createRegistry(builtinExtensions, { package: '@tributary/execution-reorder', version: '0.1.0', extensions });
 */
export const extensions: readonly Extension[] = [akslackProcessor, kslackProcessor];
