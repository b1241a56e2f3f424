// Composes the registry a host runs with: the engine's built-ins, the bundled plugin packages
// (statically imported) and the plugins installed in the plugins folder (imported at start).
// Bundled and installed plugins pass the same checks; a refused plugin never stops the others.

import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { builtinExtensions, version as engineVersion } from '@tributary/engine';
import {
  createRegistry,
  DuplicateExtensionError,
  type ExtensionList,
  type ExtensionStatus,
  type Registry,
} from '@tributary/engine/extension-api';
import { loadBundledPlugins } from './bundled.js';
import type {
  BundledPlugin,
  PluginDistribution,
  PluginInfo,
  RefusedPlugin,
} from './plugin-types.js';
import { checkExtensionList, kindsOf } from './check-extensions.js';
import { pluginMessages } from './plugin-messages.js';
import {
  engineIncompatibility,
  readPluginPackageJson,
  type PluginPackageJson,
} from './plugin-manifest.js';
import {
  installedPackageDir,
  installedPluginSpecs,
  linkHostEngine,
  packageEntry,
  readInstalledPackageJson,
} from './plugins-folder.js';

export type {
  BundledPlugin,
  PluginDistribution,
  PluginInfo,
  RefusedPlugin,
} from './plugin-types.js';

export interface LoadPluginsOptions {
  /** The plugins folder; without it, no installed plugins are loaded. */
  readonly pluginsDir?: string;
  /** The bundled plugin packages; every one shipped with Tributary by default. */
  readonly bundled?: readonly BundledPlugin[];
  /** The engine version plugins are checked against; this engine's by default. */
  readonly engineVersion?: string;
  /** The engine's own extensions; `builtinExtensions` by default. */
  readonly builtins?: ExtensionList;
  /**
   * Extension lists the host makes itself, by package name: the function gets the package's
   * module and returns its list built with host settings (e.g. the http connector's
   * `httpExtensions({ authenticate })`) in place of the exported one. The list passes the
   * same checks; a function that throws refuses the plugin with its message.
   */
  readonly hostLists?: Readonly<Record<string, HostList>>;
}

/** Makes a plugin's extension list from its module (see `LoadPluginsOptions.hostLists`). */
export type HostList = (module: Readonly<Record<string, unknown>>) => unknown;

export interface PluginLoadResult {
  /** Built-ins plus every plugin that passed. */
  readonly registry: Registry;
  /** Built-ins first, then bundled plugins, then installed ones (by name). */
  readonly loaded: readonly PluginInfo[];
  readonly refused: readonly RefusedPlugin[];
}

const MATURITY: readonly ExtensionStatus[] = ['experimental', 'beta', 'stable'];

/**
 * A package's status: `stable` when all its current extensions are, else the least mature
 * one's; `deprecated` when every extension is.
 * @example
 * packageStatus([{ spec: { status: 'stable' } }, { spec: { status: 'beta' } }]) // 'beta'
 */
export function packageStatus(
  extensions: readonly { readonly spec: { readonly status: ExtensionStatus } }[],
): ExtensionStatus {
  const statuses = new Set(extensions.map((e) => e.spec.status));
  if (statuses.size === 1 && statuses.has('deprecated')) return 'deprecated';
  return MATURITY.find((s) => statuses.has(s)) ?? 'stable';
}

const BUILTIN_SUMMARY =
  'Built into the engine: Siddhi core functions, aggregators, windows, stream processors and io.';

function infoOf(
  list: ExtensionList,
  pkg: Pick<PluginPackageJson, 'description' | 'manifest'>,
  distribution: PluginDistribution,
): PluginInfo {
  return {
    name: list.package,
    version: list.version,
    summary: pkg.description,
    distribution,
    engine: pkg.manifest.engine,
    requiresServer: pkg.manifest.requiresServer,
    kinds: kindsOf(list.extensions),
    status: packageStatus(list.extensions),
    extensions: list.extensions.length,
  };
}

type Outcome =
  | { readonly ok: true; readonly list: ExtensionList; readonly pkg: PluginPackageJson }
  | {
      readonly ok: false;
      readonly name: string;
      readonly version?: string;
      readonly reason: string;
    };

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The checks every plugin passes once its module is at hand. */
function fromModule(
  pkg: PluginPackageJson,
  module: Readonly<Record<string, unknown>>,
  entry: string,
  hostList: HostList | undefined,
): Outcome {
  const refuse = (reason: string): Outcome => ({
    ok: false,
    name: pkg.name,
    version: pkg.version,
    reason,
  });
  let list: unknown;
  if (hostList !== undefined) {
    try {
      list = hostList(module);
    } catch (error) {
      return refuse(pluginMessages.hostListFailed(describeError(error)));
    }
  } else if (!(pkg.manifest.export in module)) {
    return refuse(pluginMessages.missingExport(pkg.manifest.export, entry));
  } else {
    list = module[pkg.manifest.export];
  }
  const checked = checkExtensionList(list);
  if (!checked.ok) return refuse(pluginMessages.invalidSpecs(checked.problems));
  return {
    ok: true,
    pkg,
    list: { package: pkg.name, version: pkg.version, extensions: checked.extensions },
  };
}

function readPackage(
  json: unknown,
  fallbackName: string,
  version: string,
): { pkg: PluginPackageJson } | { refused: Outcome } {
  const manifest = readPluginPackageJson(json);
  if (!manifest.ok) {
    return { refused: { ok: false, name: fallbackName, reason: manifest.reason } };
  }
  const incompatible = engineIncompatibility(manifest.pkg.manifest.engine, version);
  if (incompatible !== undefined) {
    const { name, version: v } = manifest.pkg;
    return { refused: { ok: false, name, version: v, reason: incompatible } };
  }
  return { pkg: manifest.pkg };
}

function checkBundled(
  plugin: BundledPlugin,
  version: string,
  hostLists: LoadPluginsOptions['hostLists'],
): Outcome {
  const read = readPackage(plugin.packageJson, plugin.packageJson.name, version);
  if ('refused' in read) return read.refused;
  return fromModule(read.pkg, plugin.module, plugin.packageJson.name, hostLists?.[read.pkg.name]);
}

/**
 * Loads one plugin installed in `pluginsDir`: reads its package.json, checks the engine range
 * before importing anything, then imports its main entry and checks the export.
 */
async function loadInstalled(
  pluginsDir: string,
  name: string,
  version: string,
  hostLists: LoadPluginsOptions['hostLists'],
): Promise<Outcome> {
  const json = readInstalledPackageJson(pluginsDir, name);
  if (json === undefined) {
    return { ok: false, name, reason: pluginMessages.notInstalledFolder(name, pluginsDir) };
  }
  const read = readPackage(json, name, version);
  if ('refused' in read) return read.refused;
  const dir = installedPackageDir(pluginsDir, name);
  const entry = packageEntry(dir, json);
  let module: Readonly<Record<string, unknown>>;
  try {
    // The mtime query makes a reinstalled plugin load afresh in a long-lived process.
    const url = pathToFileURL(entry);
    url.search = `v=${String(statSync(entry).mtimeMs)}`;
    module = (await import(url.href)) as Readonly<Record<string, unknown>>;
  } catch (error) {
    return {
      ok: false,
      name: read.pkg.name,
      version: read.pkg.version,
      reason: pluginMessages.importFailed(entry, describeError(error)),
    };
  }
  return fromModule(read.pkg, module, entry, hostLists?.[read.pkg.name]);
}

/**
 * Loads the built-ins, the bundled plugins and the plugins installed in `pluginsDir`.
 * @example
 * const { registry, loaded, refused } = await loadPlugins({ pluginsDir: 'conf/plugins' });
 * for (const r of refused) logger.log('warn', `plugin ${r.name} refused: ${r.reason}`);
 * const engine = createEngine({ extensions: registry });
 */
export async function loadPlugins(options: LoadPluginsOptions): Promise<PluginLoadResult> {
  const version = options.engineVersion ?? engineVersion;
  const builtins = options.builtins ?? builtinExtensions;
  let registry = createRegistry(builtins);
  const loaded: PluginInfo[] = [
    infoOf(
      builtins,
      {
        description: BUILTIN_SUMMARY,
        manifest: { engine: version, export: '', requiresServer: false },
      },
      'builtin',
    ),
  ];
  const refused: RefusedPlugin[] = [];
  const names = new Set([builtins.package]);

  const admit = (outcome: Outcome, distribution: PluginDistribution): void => {
    if (!outcome.ok) {
      const { name, reason } = outcome;
      refused.push({
        name,
        distribution,
        reason,
        ...(outcome.version === undefined ? {} : { version: outcome.version }),
      });
      return;
    }
    const { list, pkg } = outcome;
    if (names.has(list.package)) {
      refused.push({
        name: list.package,
        version: list.version,
        distribution,
        reason: pluginMessages.shadowsBundled,
      });
      return;
    }
    try {
      registry = registry.with(list);
    } catch (error) {
      // The registry checks each spec's rules (names, option keys, defaults) and clashes.
      const reason =
        error instanceof DuplicateExtensionError
          ? pluginMessages.clash(error.message)
          : pluginMessages.invalidSpecs([describeError(error)]);
      refused.push({ name: list.package, version: list.version, distribution, reason });
      return;
    }
    names.add(list.package);
    loaded.push(infoOf(list, pkg, distribution));
  };

  const bundled = options.bundled ?? (await loadBundledPlugins());
  for (const plugin of bundled) {
    admit(checkBundled(plugin, version, options.hostLists), 'bundled');
  }
  if (options.pluginsDir !== undefined) {
    const installed = Object.keys(installedPluginSpecs(options.pluginsDir));
    if (installed.length > 0) linkHostEngine(options.pluginsDir);
    for (const name of installed) {
      admit(await loadInstalled(options.pluginsDir, name, version, options.hostLists), 'installed');
    }
  }
  return { registry, loaded, refused };
}
