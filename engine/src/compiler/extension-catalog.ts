// The extension registry the validator resolves functions, aggregators, windows, stream
// functions/processors and annotation-typed extensions (sources, sinks, stores…) through.

import type { OptionParamBase } from '../extension-api/param.js';
import type { AttributeType } from '../query-api/index.js';

export type ExtensionKind =
  | 'function'
  | 'aggregator'
  | 'window'
  | 'streamFunction'
  | 'streamProcessor'
  | 'source'
  | 'sink'
  | 'sourceMapper'
  | 'sinkMapper'
  | 'store'
  | 'distributionStrategy';

/** Every attribute type; handy for parameters that accept anything. */
export const ANY_TYPE: readonly AttributeType[] = [
  'string',
  'int',
  'long',
  'float',
  'double',
  'bool',
  'object',
];
export const NUMERIC_TYPES: readonly AttributeType[] = ['int', 'long', 'float', 'double'];

/** One parameter of an overload. */
export interface ParameterSpec {
  readonly name: string;
  /** Types the argument may have (an untyped `null` constant matches any). */
  readonly types: readonly AttributeType[];
  /** The argument must be a literal constant (e.g. a window length). */
  readonly constant?: boolean;
  /** The argument must be an attribute reference (e.g. `externalTime`'s timestamp). */
  readonly attribute?: boolean;
  /** The argument must name an event (a stream or pattern event reference, e.g. `e1`). */
  readonly eventReference?: boolean;
  /** Trailing parameter that may be omitted. */
  readonly optional?: boolean;
  /** Last parameter only: may repeat (at least once unless also optional). */
  readonly repeatable?: boolean;
  /** For a constant string: the accepted values (compared case-insensitively). */
  readonly allowedValues?: readonly string[];
  /** For a constant number: the smallest accepted value. */
  readonly min?: number;
  readonly description?: string;
  /** Annotation kinds: the option as its spec declares it (type, default, dynamic…). */
  readonly option?: OptionParamBase;
}

export interface OverloadSpec {
  readonly parameters: readonly ParameterSpec[];
}

/** What the validator knows about one argument when matching overloads. */
export interface ArgumentInfo {
  /** `null` for an untyped `null` literal; `undefined` when the type is unknown (already reported). */
  readonly type: AttributeType | 'null' | undefined;
  /** True for a literal constant (including time constants). */
  readonly constant: boolean;
  /** The literal value of a constant argument. */
  readonly value?: string | number | boolean | null;
  /** True for a plain attribute reference. */
  readonly attribute: boolean;
  /** True when the argument names an event (stream or pattern event reference). */
  readonly eventReference?: boolean;
}

/** A computed result: a type or the reason the arguments are not acceptable. */
export type TypeResult = AttributeType | { readonly error: string };

/** Fixed, or computed from the (already overload-matched) arguments. */
export type ReturnTypeRule = AttributeType | ((args: readonly ArgumentInfo[]) => TypeResult);

/** An attribute a stream function/processor appends to the events it emits. */
export interface AppendedAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface ExtensionSpec {
  readonly kind: ExtensionKind;
  /** `''` for built-ins. */
  readonly namespace: string;
  readonly name: string;
  readonly summary: string;
  /** Ordered alternatives; the first that fits is taken. Empty for annotation kinds. */
  readonly overloads: readonly OverloadSpec[];
  /** Functions and aggregators. */
  readonly returnType?: ReturnTypeRule;
  /** Extra argument checks beyond the overloads (e.g. "all arguments of one type"). */
  readonly check?: (args: readonly ArgumentInfo[]) => string | undefined;
  /** Stream functions/processors: attributes appended to the output. */
  readonly appends?:
    | readonly AppendedAttribute[]
    | ((args: readonly ArgumentInfo[]) => readonly AppendedAttribute[]);
  /** Annotation kinds (source, sink, store…): their option keys. */
  readonly parameters?: readonly ParameterSpec[];
  readonly deprecated?: boolean;
}

/**
 * Resolves extensions by kind, namespace and name.
 * @example
 * const sum = catalog.resolve('aggregator', '', 'sum');
 */
export interface ExtensionCatalog {
  resolve(kind: ExtensionKind, namespace: string, name: string): ExtensionSpec | undefined;
  list(kind?: ExtensionKind): readonly ExtensionSpec[];
}

function keyOf(kind: ExtensionKind, namespace: string, name: string): string {
  return `${kind}\u0000${namespace.toLowerCase()}\u0000${name}`;
}

/**
 * A catalog over a plain list of specs. Names are case-sensitive (as in Siddhi);
 * namespaces are not.
 * @example
 * const catalog = createCatalog([...builtinFunctions, ...builtinWindows]);
 */
export function createCatalog(specs: readonly ExtensionSpec[]): ExtensionCatalog {
  const byKey = new Map<string, ExtensionSpec>();
  for (const spec of specs) {
    byKey.set(keyOf(spec.kind, spec.namespace, spec.name), spec);
  }
  const all = [...byKey.values()];
  return {
    resolve: (kind, namespace, name) => byKey.get(keyOf(kind, namespace, name)),
    list: (kind) => (kind === undefined ? all : all.filter((s) => s.kind === kind)),
  };
}

/**
 * Combines catalogs; earlier catalogs win when two define the same extension.
 * @example
 * const catalog = composeCatalogs(pluginCatalog, builtinCatalog);
 */
export function composeCatalogs(...catalogs: readonly ExtensionCatalog[]): ExtensionCatalog {
  return {
    resolve(kind, namespace, name) {
      for (const catalog of catalogs) {
        const found = catalog.resolve(kind, namespace, name);
        if (found !== undefined) return found;
      }
      return undefined;
    },
    list(kind) {
      const seen = new Set<string>();
      const out: ExtensionSpec[] = [];
      for (const catalog of catalogs) {
        for (const spec of catalog.list(kind)) {
          const key = keyOf(spec.kind, spec.namespace, spec.name);
          if (!seen.has(key)) {
            seen.add(key);
            out.push(spec);
          }
        }
      }
      return out;
    },
  };
}

/** `ns:name` or `name`, for messages. */
export function qualifiedName(namespace: string | undefined, name: string): string {
  return namespace === undefined || namespace === '' ? name : `${namespace}:${name}`;
}
