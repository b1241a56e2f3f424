// System parameters: values a host configures per extension (Siddhi's `extensions:` section of
// deployment.yaml), keyed 'namespace:name' as Siddhi names io extensions — `source:kafka`,
// `sink:http`, `store:rdbms`, `script:javascript`. They sit under the values apps give.

import type { ExtensionCatalog, ExtensionSpec } from '../compiler/extension-catalog.js';

/**
 * System parameters per extension: `{ 'source:kafka': { 'bootstrap.servers': 'k:9092' } }`.
 * Keys are `<namespace>:<name>` with Siddhi's namespaces for io extensions (`source`, `sink`,
 * `sourceMapper`, `sinkMapper`, `store`, `distributionStrategy`) and `script` for script
 * languages; namespaces and names are compared case-insensitively.
 */
export type SystemParameters = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** The extension kinds system parameters are looked up for (their Siddhi namespace). */
export type SystemParameterKind =
  'source' | 'sink' | 'sourceMapper' | 'sinkMapper' | 'store' | 'distributionStrategy' | 'script';

/**
 * The system parameters configured for one extension, if any.
 * @example
 * systemParametersFor({ 'Source:HTTP': { 'worker.count': '4' } }, 'source', 'http')
 * // { 'worker.count': '4' }
 */
export function systemParametersFor(
  settings: SystemParameters | undefined,
  kind: SystemParameterKind,
  name: string,
): Readonly<Record<string, string>> | undefined {
  if (settings === undefined) return undefined;
  const wanted = `${kind}:${name}`.toLowerCase();
  for (const [key, values] of Object.entries(settings)) {
    if (key.toLowerCase() === wanted) return values;
  }
  return undefined;
}

const OPTION_KINDS: ReadonlySet<string> = new Set([
  'source',
  'sink',
  'sourceMapper',
  'sinkMapper',
  'store',
  'distributionStrategy',
]);

/** A spec whose options given a system value are optional in apps (the value fills them). */
function withConfiguredOptions(spec: ExtensionSpec, settings: SystemParameters): ExtensionSpec {
  if (!OPTION_KINDS.has(spec.kind) || spec.namespace !== '' || spec.parameters === undefined) {
    return spec;
  }
  const configured = systemParametersFor(settings, spec.kind as SystemParameterKind, spec.name);
  if (configured === undefined) return spec;
  return {
    ...spec,
    parameters: spec.parameters.map((p) =>
      configured[p.name] === undefined
        ? p
        : {
            ...p,
            optional: true,
            ...(p.option === undefined ? {} : { option: { ...p.option, optional: true } }),
          },
    ),
  };
}

/**
 * The compiler's view of the extensions with system parameters applied: an option that has a
 * configured value is not missing when an app leaves it out. (The planner parses the value.)
 * @example
 * const catalog = withSystemParameters(catalogOf(registry), { 'store:rdbms': { 'jdbc.url': '…' } });
 */
export function withSystemParameters(
  catalog: ExtensionCatalog,
  settings: SystemParameters | undefined,
): ExtensionCatalog {
  if (settings === undefined || Object.keys(settings).length === 0) return catalog;
  return {
    resolve: (kind, namespace, name) => {
      const spec = catalog.resolve(kind, namespace, name);
      return spec === undefined ? undefined : withConfiguredOptions(spec, settings);
    },
    list: (kind) => catalog.list(kind).map((spec) => withConfiguredOptions(spec, settings)),
  };
}
