// Checks the `extensions:` section of the configuration (system parameters per extension,
// keyed 'namespace:name' as in Siddhi) against the extensions' specs, so a typo is reported
// at start with the key that holds it. The engine fills an io extension's options from these
// values too, so an option key is as good as a declared system parameter.

import type { Registry } from '@tributary/engine';
import type { Extension } from '@tributary/engine/extension-api';

/** A system parameter setting that matches nothing. */
export interface SystemParameterProblem {
  /** `source:kafka` or `source:kafka.bootstrap.servers`. */
  readonly key: string;
  readonly message: string;
}

/** Siddhi names io extensions by their kind: `source:kafka`, `sink:http`, `store:rdbms`. */
const KIND_NAMESPACES: Readonly<Record<string, readonly string[]>> = {
  source: ['source'],
  sink: ['sink'],
  sourcemapper: ['sourceMapper'],
  sinkmapper: ['sinkMapper'],
  store: ['store'],
  distributionstrategy: ['distributionStrategy'],
  script: ['script'],
};

/** The option keys of an annotation-configured extension (none for the other kinds). */
function optionKeys(extension: Extension): readonly string[] {
  switch (extension.kind) {
    case 'source':
    case 'sink':
    case 'sourceMapper':
    case 'sinkMapper':
    case 'store':
    case 'distributionStrategy':
      return Object.keys(extension.spec.parameters);
    default:
      return [];
  }
}

/**
 * The settings naming an unknown extension or system parameter.
 * @example
 * checkSystemParameters({ 'source:kafka': { 'bootstrap.server': 'x' } }, registry);
 * // [{ key: 'source:kafka.bootstrap.server', message: "… has no system parameter …" }]
 */
export function checkSystemParameters(
  settings: Readonly<Record<string, Readonly<Record<string, string>>>>,
  registry: Registry,
): SystemParameterProblem[] {
  const problems: SystemParameterProblem[] = [];
  for (const [key, params] of Object.entries(settings)) {
    const colon = key.indexOf(':');
    const namespace = key.slice(0, colon);
    const name = key.slice(colon + 1);
    const kinds = KIND_NAMESPACES[namespace.toLowerCase()];
    const found = registry.extensions.find((e) =>
      kinds === undefined
        ? (e.spec.namespace ?? '').toLowerCase() === namespace.toLowerCase() && e.spec.name === name
        : kinds.includes(e.kind) && e.spec.name.toLowerCase() === name.toLowerCase(),
    );
    if (found === undefined) {
      problems.push({ key, message: `no extension '${key}' is loaded` });
      continue;
    }
    const known = (found.spec.systemParameters ?? []).map((p) => p.name);
    const options = optionKeys(found);
    for (const param of Object.keys(params)) {
      if (!known.includes(param) && !options.includes(param)) {
        const takes = [...known, ...options];
        problems.push({
          key: `${key}.${param}`,
          message: `'${key}' has no system parameter or option '${param}'${
            takes.length === 0 ? ' (it takes none)' : ` (it takes: ${takes.join(', ')})`
          }`,
        });
      }
    }
  }
  return problems;
}
