// Function implementations looked up by (namespace, name): a registry over a plain list, and
// composition so that plugin functions can sit in front of the built-ins.

import type {
  FunctionArgument,
  FunctionImplementation,
  FunctionLookup,
} from '../../runtime/expression/types.js';
import type { AttributeType } from '../../query-api/index.js';

function keyOf(namespace: string, name: string): string {
  return `${namespace.toLowerCase()}\u0000${name}`;
}

/**
 * A lookup over a list of implementations; namespaces are case-insensitive, names are not
 * (as in the extension catalog). A later entry with the same key replaces an earlier one.
 * @example
 * const functions = createFunctionLookup([...builtinFunctionImplementations, myFunction]);
 */
export function createFunctionLookup(
  implementations: readonly FunctionImplementation[],
): FunctionLookup {
  const byKey = new Map<string, FunctionImplementation>();
  for (const implementation of implementations) {
    byKey.set(keyOf(implementation.namespace, implementation.name), implementation);
  }
  return { resolve: (namespace, name) => byKey.get(keyOf(namespace, name)) };
}

/**
 * Looks up in each lookup in turn; earlier lookups win.
 * @example
 * const functions = composeFunctionLookups(pluginFunctions, builtinFunctionLookup);
 */
export function composeFunctionLookups(...lookups: readonly FunctionLookup[]): FunctionLookup {
  return {
    resolve(namespace, name) {
      for (const lookup of lookups) {
        const found = lookup.resolve(namespace, name);
        if (found !== undefined) return found;
      }
      return undefined;
    },
  };
}

/** The static type of argument `i`; an untyped null (or a missing argument) reads `object`. */
export function argumentType(args: readonly FunctionArgument[], i: number): AttributeType {
  const t = args[i]?.type;
  return t === undefined || t === 'null' ? 'object' : t;
}

/** The first argument type that is not the null literal (`object` if none). */
export function firstTypedArgument(args: readonly FunctionArgument[], from = 0): AttributeType {
  for (let i = from; i < args.length; i += 1) {
    const t = args[i]?.type;
    if (t !== undefined && t !== 'null') return t;
  }
  return 'object';
}

/** The type named by a constant string argument (`cast(x, 'double')`). */
export function typeNamedBy(args: readonly FunctionArgument[], i: number): AttributeType {
  const v = args[i]?.value;
  return typeof v === 'string' ? (v.toLowerCase() as AttributeType) : 'object';
}
