// The bundled plugin packages, imported on first use: commands that never touch extensions
// (`fmt`, `--help`) start without loading every connector and its client library.

import type { BundledPlugin } from './plugin-types.js';

/**
 * The plugin packages shipped with Tributary (the generated static list).
 * @example
 * const bundled = await loadBundledPlugins();
 * bundled.map((p) => p.packageJson.name) // ['@tributary/connector-cdc', …]
 */
export async function loadBundledPlugins(): Promise<readonly BundledPlugin[]> {
  const { bundledPlugins } = await import('./bundled.generated.js');
  return bundledPlugins;
}
