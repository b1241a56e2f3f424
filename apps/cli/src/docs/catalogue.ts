// The JSON catalogue: every plugin package (name, summary, kinds, version, status, whether it
// needs the server, where it comes from) and every extension it provides, described as on the
// pages. docs/catalogue.json holds it; the server and editors read the same shape.

import type { Registry } from '@tributary/engine/extension-api';
import type { PluginInfo } from '../plugins/plugin-loader.js';
import { describeRegistry } from './build-doc-site.js';
import type { ExtensionDoc } from './describe-extension.js';
import { pageSlug } from './doc-model.js';

/** One plugin package in the catalogue. */
export interface CataloguePlugin extends PluginInfo {
  /** Its reference page, relative to the catalogue (`execution-str.md`). */
  readonly docs: string;
}

export interface Catalogue {
  /** The engine version the catalogue was made with. */
  readonly engine: string;
  readonly plugins: readonly CataloguePlugin[];
  readonly extensions: readonly ExtensionDoc[];
}

/**
 * Builds the catalogue of the loaded plugins.
 * @example
 * const { registry, loaded } = await loadPlugins({ pluginsDir: 'conf/plugins' });
 * JSON.stringify(buildCatalogue(version, loaded, registry));
 */
export function buildCatalogue(
  engineVersion: string,
  plugins: readonly PluginInfo[],
  registry: Registry,
): Catalogue {
  return {
    engine: engineVersion,
    plugins: plugins.map((p) => ({ ...p, docs: `${pageSlug(p.name)}.md` })),
    extensions: describeRegistry(registry),
  };
}

/** The catalogue as the file docs/catalogue.json holds it (stable key order, final newline). */
export function renderCatalogue(catalogue: Catalogue): string {
  return `${JSON.stringify(catalogue, null, 2)}\n`;
}
