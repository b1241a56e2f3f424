// The extensions the server runs with: the registry composed from the built-ins, the bundled
// plugins and the plugins folder, with the packages loaded and refused. The catalogue
// (`GET /extensions`) and the reference pages (`GET /docs`) are built from it once.

import {
  buildCatalogue,
  buildDocSite,
  renderHtmlSite,
  type Catalogue,
  type PluginInfo,
  type RefusedPlugin,
} from '@tributary/cli';
import { version, type Registry } from '@tributary/engine';

/** What plugin loading produced (`loadPlugins` of @tributary/cli). */
export interface LoadedExtensions {
  readonly registry: Registry;
  readonly loaded: readonly PluginInfo[];
  readonly refused: readonly RefusedPlugin[];
}

/**
 * The catalogue and the HTML reference of the loaded extensions, built on first use.
 * @example
 * const catalogue = new ExtensionCatalogue(await loadPlugins({ pluginsDir }));
 * catalogue.page('index'); // the reference's index page as HTML
 */
export class ExtensionCatalogue {
  #catalogue: Catalogue | undefined;
  #pages: Map<string, string> | undefined;

  constructor(readonly extensions: LoadedExtensions) {}

  get registry(): Registry {
    return this.extensions.registry;
  }

  /** The JSON catalogue, with the plugins that were refused. */
  catalogue(): Catalogue & { readonly refused: readonly RefusedPlugin[] } {
    this.#catalogue ??= buildCatalogue(version, this.extensions.loaded, this.extensions.registry);
    return { ...this.#catalogue, refused: this.extensions.refused };
  }

  /** A reference page as an HTML document (`index` or a package's slug), if there is one. */
  page(slug: string): string | undefined {
    this.#pages ??= renderHtmlSite(
      buildDocSite({
        engineVersion: version,
        plugins: this.extensions.loaded,
        registry: this.extensions.registry,
      }),
      { href: (page) => `/docs/${encodeURIComponent(page)}` },
    );
    return this.#pages.get(slug);
  }
}
