// The `tributary` field of a plugin's package.json (which export lists the extensions, which
// engine versions it supports, whether it needs the server) and the engine-range check.

import semver from 'semver';
import { pluginMessages } from './plugin-messages.js';

/** The `tributary` field: `{"engine": "^0.1.0", "export": "extensions", "requiresServer": false}`. */
export interface PluginManifest {
  /** The semver range of `@tributary/engine` versions the plugin was built for. */
  readonly engine: string;
  /** The named export of the package's main entry holding `readonly Extension[]`. */
  readonly export: string;
  /** True when the plugin only makes sense in the server (it listens, or needs a long-lived host). */
  readonly requiresServer: boolean;
}

/** What a plugin package says about itself: its package.json, reduced to what Tributary reads. */
export interface PluginPackageJson {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly manifest: PluginManifest;
}

export type ManifestResult =
  | { readonly ok: true; readonly pkg: PluginPackageJson }
  | { readonly ok: false; readonly reason: string };

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a parsed package.json as a plugin package; says why when it is not one.
 * @example
 * readPluginPackageJson({ name: 'p', version: '1.0.0', tributary: { engine: '^0.1.0' } });
 * // { ok: true, pkg: { name: 'p', …, manifest: { engine: '^0.1.0', export: 'extensions', requiresServer: false } } }
 */
export function readPluginPackageJson(json: unknown): ManifestResult {
  if (!isRecord(json)) return { ok: false, reason: pluginMessages.notAnObject };
  const { name, version, description, tributary } = json;
  if (typeof name !== 'string' || name === '') {
    return { ok: false, reason: pluginMessages.noName };
  }
  if (typeof version !== 'string' || semver.valid(version) === null) {
    return { ok: false, reason: pluginMessages.badVersion(String(version)) };
  }
  if (!isRecord(tributary)) return { ok: false, reason: pluginMessages.noTributaryField };
  const engine = tributary.engine;
  if (typeof engine !== 'string' || semver.validRange(engine) === null) {
    return { ok: false, reason: pluginMessages.badEngineRange(String(engine)) };
  }
  const exportName = tributary.export ?? 'extensions';
  if (typeof exportName !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(exportName)) {
    return {
      ok: false,
      reason: pluginMessages.badExportName(
        typeof exportName === 'string' ? exportName : JSON.stringify(exportName),
      ),
    };
  }
  const requiresServer = tributary.requiresServer ?? false;
  if (typeof requiresServer !== 'boolean') {
    return { ok: false, reason: pluginMessages.badRequiresServer };
  }
  return {
    ok: true,
    pkg: {
      name,
      version,
      description: typeof description === 'string' ? description : '',
      manifest: { engine, export: exportName, requiresServer },
    },
  };
}

/**
 * Why a plugin built for `range` cannot run on engine `engineVersion`, or `undefined` when it can.
 * Prereleases of the engine satisfy a range that covers their release (`0.2.0-rc.1` fits `^0.2.0-0`).
 * @example
 * engineIncompatibility('^0.1.0', '0.1.3') // undefined
 * engineIncompatibility('^2.0.0', '0.1.3') // "it needs engine ^2.0.0, this is 0.1.3"
 */
export function engineIncompatibility(range: string, engineVersion: string): string | undefined {
  return semver.satisfies(engineVersion, range, { includePrerelease: true })
    ? undefined
    : pluginMessages.incompatibleEngine(range, engineVersion);
}
