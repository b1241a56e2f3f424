// The built-in extension catalog: the compiler's view of the built-in extension registry
// (every Siddhi 5.1 core function, aggregator, window and stream function/processor), plus
// the minimal annotation-typed built-ins still described here.

import {
  composeCatalogs,
  createCatalog,
  type ExtensionCatalog,
} from '../../compiler/extension-catalog.js';
import { createRegistry } from '../../extension-api/registry.js';
import type { Registry } from '../../extension-api/registry-types.js';
import { builtinExtensions } from '../extensions.js';
import { builtinIo } from './io.js';

export { builtinAggregators } from './aggregators.js';
export { builtinFunctions } from './functions.js';
export { builtinIo } from './io.js';
export { builtinStreamProcessors } from './stream-processors.js';
export { builtinWindows } from './windows.js';

/**
 * The registry of the built-in extensions (what `createEngine()` runs with by default).
 * @example
 * builtinRegistry.find('window', '', 'length')?.summary // 'Sliding window of the last N events.'
 */
export const builtinRegistry: Registry = createRegistry(builtinExtensions);

/**
 * The annotation-typed built-ins not yet in the registry, for the compiler only.
 * @example
 * builtinIoCatalog.resolve('sink', '', 'log')?.parameters?.map((p) => p.name) // ['priority', 'prefix']
 */
export const builtinIoCatalog: ExtensionCatalog = createCatalog(builtinIo);

/**
 * The catalog of a registry as the compiler sees it: its extensions, then the built-in
 * annotation-typed descriptions it does not define itself.
 * @example
 * const catalog = catalogOf(createRegistry(builtinExtensions, kafkaExtensions));
 */
export function catalogOf(registry: Registry): ExtensionCatalog {
  return composeCatalogs(registry.catalog, builtinIoCatalog);
}

/**
 * The catalog the compiler uses when none is given.
 * @example
 * builtinCatalog.resolve('window', '', 'length')?.overloads.length // 1
 */
export const builtinCatalog: ExtensionCatalog = catalogOf(builtinRegistry);
