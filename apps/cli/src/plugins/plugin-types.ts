// What the plugin loader works with and reports: bundled plugin entries, loaded plugins and
// refusals. Kept apart so the generated bundled list can name its type without a cycle.

import type { ExtensionKindName, ExtensionStatus } from '@tributary/engine/extension-api';

/** Where a plugin comes from: the engine itself, the product's own packages, the plugins folder. */
export type PluginDistribution = 'builtin' | 'bundled' | 'installed';

/** A plugin package shipped with the product, imported statically (see bundled.generated.ts). */
export interface BundledPlugin {
  /** The package.json fields Tributary reads, copied when the list is generated. */
  readonly packageJson: {
    readonly name: string;
    readonly version: string;
    readonly description?: string;
    readonly tributary: unknown;
  };
  /** The package's main module. */
  readonly module: Readonly<Record<string, unknown>>;
}

/** What `tributary plugins list` shows and the catalogue holds, per loaded plugin package. */
export interface PluginInfo {
  readonly name: string;
  readonly version: string;
  readonly summary: string;
  readonly distribution: PluginDistribution;
  /** The engine versions it supports (a semver range). */
  readonly engine: string;
  readonly requiresServer: boolean;
  readonly kinds: readonly ExtensionKindName[];
  /** The least mature status among its (non-deprecated) extensions. */
  readonly status: ExtensionStatus;
  readonly extensions: number;
}

/** A plugin that was not loaded, and why. */
export interface RefusedPlugin {
  readonly name: string;
  readonly version?: string;
  readonly distribution: PluginDistribution;
  readonly reason: string;
}
