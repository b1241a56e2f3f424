// The contract of the extension registry: an immutable set of described extensions composed
// from the plain lists plugin packages export; the compiler's catalog and the planner's
// lookups are views of it.

import type { AggregatorLookup } from '../builtins/aggregators/index.js';
import type { ExtensionCatalog } from '../compiler/extension-catalog.js';
import type { FunctionLookup } from '../runtime/expression/types.js';
import type { WindowLookup } from '../runtime/window/window.js';
import type { Extension, ExtensionKindName } from './define.js';

/** What a plugin package exports (its `package.json` `tributary.extensions` names it). */
export interface ExtensionList {
  /** The npm package name (`@tributary/connector-kafka`, `tributary-plugin-acme`). */
  readonly package: string;
  readonly version: string;
  readonly extensions: readonly Extension[];
}

/** An extension with the package it came from. */
export type RegisteredExtension = Extension & {
  readonly package: string;
  readonly version: string;
};

/** The spec type of one kind. */
export type SpecOf<K extends ExtensionKindName> = Extract<Extension, { kind: K }>['spec'];

/**
 * The extensions a host runs with. Immutable: `with` returns a new registry.
 * @example
 * const registry = createRegistry(builtinExtensions, kafkaExtensions);
 * registry.find('source', '', 'kafka')?.summary;
 */
export interface Registry {
  readonly extensions: readonly RegisteredExtension[];
  /** The compiler's view (signatures, option keys). */
  readonly catalog: ExtensionCatalog;
  /** The planner's views. */
  readonly functions: FunctionLookup;
  readonly aggregators: AggregatorLookup;
  readonly windows: WindowLookup;
  /**
   * Finds an extension. Namespaces are case-insensitive; names of call kinds (functions,
   * windows…) are case-sensitive, names of io kinds (`inMemory`, `passThrough`) are not.
   */
  find<K extends ExtensionKindName>(
    kind: K,
    namespace: string,
    name: string,
  ): SpecOf<K> | undefined;
  /** The registered entry (with its package) for an extension. */
  entry(kind: ExtensionKindName, namespace: string, name: string): RegisteredExtension | undefined;
  /** A registry with more lists; throws `DuplicateExtensionError` on a clash. */
  with(...lists: readonly ExtensionList[]): Registry;
}
