// Installs plugins into the plugins folder with npm and removes them. A plugin is checked like
// at start (engine range, spec) and refused — the folder put back as it was — when it would not
// load, so what is installed always loads.

import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { version as hostEngineVersion } from '@tributary/engine';
import { installSource } from './install-source.js';
import { loadPlugins, type BundledPlugin, type PluginInfo } from './plugin-loader.js';
import { engineIncompatibility, readPluginPackageJson } from './plugin-manifest.js';
import { pluginMessages } from './plugin-messages.js';
import {
  ensurePluginsFolder,
  installedPluginSpecs,
  linkHostEngine,
  type NpmRunner,
} from './plugins-folder.js';

export interface InstallerOptions {
  readonly pluginsDir: string;
  readonly npm: NpmRunner;
  /** The bundled plugins (their names cannot be installed over); all by default. */
  readonly bundled?: readonly BundledPlugin[];
  /** The engine version plugins must support; this engine's by default. */
  readonly engineVersion?: string;
}

export type InstallResult =
  | { readonly ok: true; readonly plugin: PluginInfo }
  | {
      readonly ok: false;
      /** True when npm worked but the plugin was refused (and uninstalled again). */
      readonly refused: boolean;
      readonly name?: string;
      readonly version?: string;
      readonly reason: string;
    };

export type RemoveResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Flags of every npm run: no audit or funding chatter; peers (the engine) are the host's. */
const NPM_FLAGS = ['--no-audit', '--no-fund', '--legacy-peer-deps', '--loglevel=error'];

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join(' ').trim() || 'no output';
}

function snapshot(dir: string): Map<string, string | undefined> {
  const files = new Map<string, string | undefined>();
  for (const name of ['package.json', 'package-lock.json']) {
    const path = join(dir, name);
    files.set(name, existsSync(path) ? readFileSync(path, 'utf8') : undefined);
  }
  return files;
}

/** Puts the folder's manifest back and lets npm make node_modules match it again. */
async function restore(
  dir: string,
  saved: ReadonlyMap<string, string | undefined>,
  npm: NpmRunner,
): Promise<void> {
  for (const [name, content] of saved) {
    const path = join(dir, name);
    if (content === undefined) rmSync(path, { force: true });
    else writeFileSync(path, content);
  }
  await npm(['install', '--prefix', dir, ...NPM_FLAGS]);
  linkHostEngine(dir);
}

/**
 * Installs a plugin (registry name, tarball or folder) into the plugins folder.
 * @example
 * const result = await installPlugin('./hello-1.0.0.tgz', { pluginsDir: 'conf/plugins', npm: runNpm });
 * if (!result.ok) console.error(result.reason);
 */
export async function installPlugin(
  spec: string,
  options: InstallerOptions,
): Promise<InstallResult> {
  const { pluginsDir: dir, npm } = options;
  const engineVersion = options.engineVersion ?? hostEngineVersion;
  const source = installSource(spec);
  let name: string | undefined;
  if (source.kind === 'registry') {
    name = source.name;
  } else {
    // A local package is judged before npm touches the folder.
    const read = readPluginPackageJson(source.packageJson);
    if (!read.ok) return { ok: false, refused: true, reason: read.reason };
    const { pkg } = read;
    const incompatible = engineIncompatibility(pkg.manifest.engine, engineVersion);
    if (incompatible !== undefined) {
      return {
        ok: false,
        refused: true,
        name: pkg.name,
        version: pkg.version,
        reason: incompatible,
      };
    }
    name = pkg.name;
  }
  const bundled = options.bundled;
  if (name !== undefined && bundled?.some((b) => b.packageJson.name === name) === true) {
    return { ok: false, refused: true, name, reason: pluginMessages.shadowsBundled };
  }

  ensurePluginsFolder(dir);
  const saved = snapshot(dir);
  const before = installedPluginSpecs(dir);
  const args = [
    'install',
    '--prefix',
    dir,
    ...NPM_FLAGS,
    '--save',
    ...(source.kind === 'folder' ? ['--install-links'] : []),
    source.kind === 'registry' ? source.spec : source.path,
  ];
  const run = await npm(args);
  if (run.code !== 0) {
    linkHostEngine(dir);
    return {
      ok: false,
      refused: false,
      reason: pluginMessages.npmFailed(`install ${spec}`, lastLines(run.stderr)),
    };
  }
  const after = installedPluginSpecs(dir);
  name ??= Object.keys(after).find((n) => before[n] !== after[n]);
  if (name === undefined || !(name in after)) {
    linkHostEngine(dir);
    return { ok: false, refused: false, reason: pluginMessages.nothingInstalled(spec) };
  }

  const result = await loadPlugins({
    pluginsDir: dir,
    engineVersion,
    ...(bundled === undefined ? {} : { bundled }),
  });
  const loaded = result.loaded.find((p) => p.name === name && p.distribution === 'installed');
  if (loaded !== undefined) return { ok: true, plugin: loaded };
  const refusal = result.refused.find((r) => r.name === name);
  await restore(dir, saved, npm);
  return {
    ok: false,
    refused: true,
    name,
    ...(refusal?.version === undefined ? {} : { version: refusal.version }),
    reason: refusal?.reason ?? pluginMessages.notInstalledFolder(name, dir),
  };
}

/**
 * Removes an installed plugin from the plugins folder.
 * @example
 * await removePlugin('tributary-plugin-hello', { pluginsDir: 'conf/plugins', npm: runNpm });
 */
export async function removePlugin(name: string, options: InstallerOptions): Promise<RemoveResult> {
  const { pluginsDir: dir, npm } = options;
  if (options.bundled?.some((b) => b.packageJson.name === name) === true) {
    return { ok: false, reason: pluginMessages.bundledCannotBeRemoved(name) };
  }
  if (!(name in installedPluginSpecs(dir))) {
    return { ok: false, reason: pluginMessages.notInstalled(name, dir) };
  }
  const run = await npm(['uninstall', '--prefix', dir, ...NPM_FLAGS, name]);
  linkHostEngine(dir);
  if (run.code !== 0) {
    return {
      ok: false,
      reason: pluginMessages.npmFailed(`uninstall ${name}`, lastLines(run.stderr)),
    };
  }
  return { ok: true };
}
