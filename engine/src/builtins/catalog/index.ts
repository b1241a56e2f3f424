// The built-in extension catalog: every Siddhi 5.1 core function, aggregator, window and
// stream function/processor, plus the minimal annotation-typed built-ins.

import { createCatalog, type ExtensionCatalog } from '../../compiler/extension-catalog.js';
import { builtinAggregators } from './aggregators.js';
import { builtinFunctions } from './functions.js';
import { builtinIo } from './io.js';
import { builtinStreamProcessors } from './stream-processors.js';
import { builtinWindows } from './windows.js';

export { builtinAggregators } from './aggregators.js';
export { builtinFunctions } from './functions.js';
export { builtinIo } from './io.js';
export { builtinStreamProcessors } from './stream-processors.js';
export { builtinWindows } from './windows.js';

/**
 * The catalog the compiler uses when none is given.
 * @example
 * builtinCatalog.resolve('window', '', 'length')?.overloads.length // 1
 */
export const builtinCatalog: ExtensionCatalog = createCatalog([
  ...builtinFunctions,
  ...builtinAggregators,
  ...builtinWindows,
  ...builtinStreamProcessors,
  ...builtinIo,
]);
