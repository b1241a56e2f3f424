// A registry of the built-ins plus test extensions, for io tests of the engine and of plugins.

import { builtinRegistry } from '../builtins/catalog/index.js';
import type { Extension } from '../extension-api/define.js';
import type { Registry } from '../extension-api/registry-types.js';

/**
 * The built-in registry plus `extensions` (registered as the package `tributary-tests`).
 * @example
 * const engine = createEngine({ extensions: registryWith(faultySink(faults)) });
 */
export function registryWith(...extensions: readonly Extension[]): Registry {
  if (extensions.length === 0) return builtinRegistry;
  return builtinRegistry.with({ package: 'tributary-tests', version: '0.0.0', extensions });
}
