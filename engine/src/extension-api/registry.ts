// The extension registry: composes the plain lists plugin packages export into one immutable
// set, checking each spec as Siddhi's annotation processor does, and derives the compiler's
// catalog and the planner's lookups from the same specs.

import type { AggregatorImplementation, AggregatorLookup } from '../builtins/aggregators/index.js';
import {
  qualifiedName,
  type ExtensionCatalog,
  type ExtensionKind,
  type ExtensionSpec,
  type OverloadSpec,
  type ParameterSpec,
} from '../compiler/extension-catalog.js';
import { extensionMessages } from '../errors/messages.js';
import { TributaryError } from '../errors/tributary-error.js';
import type { FunctionImplementation, FunctionLookup } from '../runtime/expression/types.js';
import type { WindowImplementation, WindowLookup } from '../runtime/window/window.js';
import type { CallSpec, Extension, ExtensionKindName, OptionSpec, SpecBase } from './define.js';
import type { OptionParamBase, ParamMap } from './param.js';
import { optionParameterSpecs, parseOptionValue } from './parse-options.js';
import type { ExtensionList, RegisteredExtension, Registry, SpecOf } from './registry-types.js';

/**
 * Two packages register the same extension (same kind, namespace and name).
 * @example
 * createRegistry(builtinExtensions, builtinExtensions); // throws: "function 'cast' is registered twice: …"
 */
export class DuplicateExtensionError extends TributaryError {
  constructor(what: string, firstPackage: string, secondPackage: string) {
    super(
      'E_DUPLICATE_EXTENSION',
      extensionMessages.E_DUPLICATE_EXTENSION(what, firstPackage, secondPackage),
    );
    this.name = 'DuplicateExtensionError';
  }
}

/**
 * A spec breaks the rules every extension follows (names, summary, option keys, examples).
 * @example
 * createRegistry({ package: 'acme', version: '1.0.0', extensions: [specWithoutExamples] });
 * // throws: "invalid extension function 'acme:f' in 'acme': it needs at least one example"
 */
export class InvalidExtensionError extends TributaryError {
  constructor(pkg: string, what: string, detail: string) {
    super('E_INVALID_EXTENSION', extensionMessages.E_INVALID_EXTENSION(pkg, what, detail));
    this.name = 'InvalidExtensionError';
  }
}

/** Kinds configured by annotations, whose names (`inMemory`, `passThrough`) ignore case. */
const IO_KINDS: ReadonlySet<ExtensionKindName> = new Set<ExtensionKindName>([
  'source',
  'sink',
  'sourceMapper',
  'sinkMapper',
  'store',
  'distributionStrategy',
  'script',
]);

const KIND_LABEL: Readonly<Record<ExtensionKindName, string>> = {
  source: 'source',
  sink: 'sink',
  sourceMapper: 'source mapper',
  sinkMapper: 'sink mapper',
  store: 'store',
  distributionStrategy: 'distribution strategy',
  function: 'function',
  aggregator: 'aggregator',
  window: 'window',
  streamFunction: 'stream function',
  streamProcessor: 'stream processor',
  script: 'script language',
};

/** Siddhi's parameter-name rule (dotted lower case), with camelCase segments (`partitionKey`). */
const OPTION_KEY = /^[a-z][a-zA-Z0-9_-]*(\.[a-zA-Z][a-zA-Z0-9_-]*)*$/;
const CALL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const IO_NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;

/** The name an extension is found by: a script's language, otherwise its spec name. */
function nameOf(extension: Extension): string {
  return extension.kind === 'script' ? extension.spec.language : extension.spec.name;
}

function keyOf(kind: ExtensionKindName, namespace: string, name: string): string {
  const n = IO_KINDS.has(kind) ? name.toLowerCase() : name;
  return `${kind}\u0000${namespace.toLowerCase()}\u0000${n}`;
}

/** `window 'unique:length'`, for messages. */
function describe(kind: ExtensionKindName, namespace: string, name: string): string {
  return `${KIND_LABEL[kind]} '${qualifiedName(namespace, name)}'`;
}

function isCallKind(
  extension: Extension,
): extension is Extract<
  Extension,
  { kind: 'function' | 'aggregator' | 'window' | 'streamFunction' | 'streamProcessor' }
> {
  return (
    extension.kind === 'function' ||
    extension.kind === 'aggregator' ||
    extension.kind === 'window' ||
    extension.kind === 'streamFunction' ||
    extension.kind === 'streamProcessor'
  );
}

function checkBase(spec: SpecBase, extension: Extension, problems: string[]): void {
  const name = nameOf(extension);
  if (typeof name !== 'string' || name.trim() === '') problems.push('the name is empty');
  else if (!(IO_KINDS.has(extension.kind) ? IO_NAME : CALL_NAME).test(name)) {
    problems.push(`the name '${name}' is not a valid ${KIND_LABEL[extension.kind]} name`);
  }
  const namespace = spec.namespace ?? '';
  if (namespace !== '' && !CALL_NAME.test(namespace)) {
    problems.push(`the namespace '${namespace}' is not an identifier`);
  }
  if (typeof spec.summary !== 'string' || spec.summary.trim() === '') {
    problems.push('the summary is empty');
  }
  // Specs may come from plain JavaScript packages: check the shape, not just the types.
  const examples: unknown = spec.examples;
  if (!Array.isArray(examples) || examples.length === 0) {
    problems.push('it needs at least one example');
  } else {
    spec.examples.forEach((example, i) => {
      if (typeof example.siddhi !== 'string' || example.siddhi.trim() === '') {
        problems.push(`example ${String(i + 1)} has no SiddhiQL text`);
      }
    });
  }
  for (const system of spec.systemParameters ?? []) {
    if (system.name.trim() === '') problems.push('a system parameter has no name');
  }
}

function checkOption(key: string, option: OptionParamBase, problems: string[]): void {
  // a key family (`regex.*`, see `param.family`) is its prefix followed by `.*`
  const named = option.family === true && key.endsWith('.*') ? key.slice(0, -2) : key;
  if (!OPTION_KEY.test(named)) {
    problems.push(`option key '${key}' must be dotted lower case (e.g. 'topic.list')`);
  }
  if (typeof option.description !== 'string' || option.description.trim() === '') {
    problems.push(`option '${key}' has no description`);
  }
  if (option.type === 'enum' && (option.values === undefined || option.values.length === 0)) {
    problems.push(`enum option '${key}' lists no values`);
  }
  if (option.defaultText !== undefined) {
    const parsed = parseOptionValue(option, option.defaultText);
    if (!parsed.ok) problems.push(`the default of option '${key}' ${parsed.detail}`);
  }
}

function checkOptions(spec: OptionSpec<ParamMap>, problems: string[]): void {
  if (typeof spec.parameters !== 'object') {
    problems.push('it has no parameter map');
    return;
  }
  for (const [key, option] of Object.entries(spec.parameters)) checkOption(key, option, problems);
}

function checkCall(spec: CallSpec, extension: Extension, problems: string[]): void {
  const parameters: unknown = spec.parameters;
  if (!Array.isArray(parameters)) {
    problems.push('it has no parameter list');
    return;
  }
  const names = new Set<string>();
  for (const p of spec.parameters) {
    if (!OPTION_KEY.test(p.name)) {
      problems.push(`parameter '${p.name}' must be dotted lower case (e.g. 'window.length')`);
    }
    if (names.has(p.name)) problems.push(`parameter '${p.name}' is declared twice`);
    names.add(p.name);
    if (p.types.length === 0) problems.push(`parameter '${p.name}' has no type`);
  }
  for (const overload of spec.overloads ?? []) {
    overload.forEach((name, i) => {
      if (name === '...') {
        if (i === 0) problems.push("an overload starts with '...' (it repeats the previous one)");
        else if (i !== overload.length - 1) problems.push("'...' must end an overload");
      } else if (!names.has(name)) {
        problems.push(`an overload names the unknown parameter '${name}'`);
      }
    });
  }
  if (
    (extension.kind === 'function' || extension.kind === 'aggregator') &&
    (extension.spec as { readonly returnType?: unknown }).returnType === undefined
  ) {
    problems.push('it declares no return type');
  }
  if (typeof (spec as { create?: unknown }).create !== 'function') {
    problems.push('it has no create function');
  }
}

function validate(extension: Extension, pkg: string): void {
  const problems: string[] = [];
  checkBase(extension.spec, extension, problems);
  if (isCallKind(extension)) checkCall(extension.spec, extension, problems);
  else if (extension.kind === 'script') {
    if (typeof extension.spec.create !== 'function') problems.push('it has no create function');
  } else checkOptions(extension.spec, problems);
  if (problems.length > 0) {
    const what = describe(extension.kind, extension.spec.namespace ?? '', nameOf(extension));
    throw new InvalidExtensionError(pkg, what, problems.join('; '));
  }
}

/**
 * A call spec's overloads in the catalog's form: the named parameters of each overload
 * (`...` repeats the previous one), or all parameters (trailing optional ones omissible).
 */
function overloadsOf(spec: CallSpec): OverloadSpec[] {
  if (spec.overloads === undefined) return [{ parameters: spec.parameters }];
  const byName = new Map(spec.parameters.map((p) => [p.name, p]));
  return spec.overloads.map((names) => {
    const parameters: ParameterSpec[] = [];
    for (const name of names) {
      if (name === '...') {
        const previous = parameters.pop();
        if (previous !== undefined) parameters.push({ ...previous, repeatable: true });
        continue;
      }
      const p = byName.get(name);
      if (p === undefined) continue;
      // An explicit overload says exactly which arguments it takes: `optional` is docs only.
      parameters.push(p.optional === true ? { ...p, optional: false } : p);
    }
    return { parameters };
  });
}

/** The compiler's description of an extension; scripts are not in the catalog. */
function catalogSpecOf(extension: Extension): ExtensionSpec | undefined {
  const { spec } = extension;
  const base = {
    namespace: spec.namespace ?? '',
    name: spec.name,
    summary: spec.summary,
    ...(spec.status === 'deprecated' ? { deprecated: true } : {}),
  };
  switch (extension.kind) {
    case 'script':
      return undefined;
    case 'function':
    case 'aggregator':
      return {
        ...base,
        kind: extension.kind,
        overloads: overloadsOf(extension.spec),
        returnType: extension.spec.returnType,
        ...(extension.spec.check === undefined ? {} : { check: extension.spec.check }),
      };
    case 'window':
      return {
        ...base,
        kind: 'window',
        overloads: overloadsOf(extension.spec),
        ...(extension.spec.check === undefined ? {} : { check: extension.spec.check }),
      };
    case 'streamFunction':
    case 'streamProcessor':
      return {
        ...base,
        kind: extension.kind,
        overloads: overloadsOf(extension.spec),
        appends: extension.spec.appends,
        ...(extension.spec.check === undefined ? {} : { check: extension.spec.check }),
      };
    default:
      return {
        ...base,
        kind: extension.kind satisfies ExtensionKind,
        overloads: [],
        parameters: optionParameterSpecs(extension.spec.parameters),
      };
  }
}

/** The compiler's view; like the registry, it ignores the case of io kinds' names. */
function catalogOver(specs: readonly ExtensionSpec[]): ExtensionCatalog {
  const byKey = new Map(specs.map((s) => [keyOf(s.kind, s.namespace, s.name), s]));
  return {
    resolve: (kind, namespace, name) => byKey.get(keyOf(kind, namespace, name)),
    list: (kind) => (kind === undefined ? specs : specs.filter((s) => s.kind === kind)),
  };
}

function lookupKey(namespace: string, name: string): string {
  return `${namespace.toLowerCase()}\u0000${name}`;
}

/**
 * Builds a registry from extension lists (the built-ins first, then plugins).
 * @example
 * const registry = createRegistry(builtinExtensions, strExtensions);
 * registry.find('function', 'str', 'concat')?.summary;
 * createEngine({ extensions: registry });
 */
export function createRegistry(...lists: readonly ExtensionList[]): Registry {
  const byKey = new Map<string, RegisteredExtension>();
  const extensions: RegisteredExtension[] = [];
  for (const list of lists) {
    for (const extension of list.extensions) {
      validate(extension, list.package);
      const namespace = extension.spec.namespace ?? '';
      const name = nameOf(extension);
      const key = keyOf(extension.kind, namespace, name);
      const existing = byKey.get(key);
      if (existing !== undefined) {
        throw new DuplicateExtensionError(
          describe(existing.kind, existing.spec.namespace ?? '', nameOf(existing)),
          existing.package,
          list.package,
        );
      }
      const entry = { ...extension, package: list.package, version: list.version };
      byKey.set(key, entry);
      extensions.push(entry);
    }
  }

  const catalogSpecs: ExtensionSpec[] = [];
  const functions = new Map<string, FunctionImplementation>();
  const aggregators = new Map<string, AggregatorImplementation>();
  const windows = new Map<string, WindowImplementation>();
  for (const extension of extensions) {
    const spec = catalogSpecOf(extension);
    if (spec !== undefined) catalogSpecs.push(spec);
    const namespace = extension.spec.namespace ?? '';
    const key = lookupKey(namespace, extension.spec.name);
    const { name } = extension.spec;
    if (extension.kind === 'function') {
      const s = extension.spec;
      functions.set(key, { namespace, name, create: (args, ctx) => s.create(args, ctx) });
    } else if (extension.kind === 'aggregator') {
      const s = extension.spec;
      aggregators.set(key, {
        namespace,
        name,
        create: (types, options) => s.create(types, options),
      });
    } else if (extension.kind === 'window') {
      const s = extension.spec;
      windows.set(key, { namespace, name, create: (args, ctx) => s.create(args, ctx) });
    }
  }
  const catalog = catalogOver(catalogSpecs);
  const functionLookup: FunctionLookup = {
    resolve: (namespace, name) => functions.get(lookupKey(namespace, name)),
  };
  const aggregatorLookup: AggregatorLookup = {
    get: (namespace, name) => aggregators.get(lookupKey(namespace, name)),
  };
  const windowLookup: WindowLookup = {
    find: (namespace, name) => windows.get(lookupKey(namespace, name)),
  };

  const entry = (
    kind: ExtensionKindName,
    namespace: string,
    name: string,
  ): RegisteredExtension | undefined => byKey.get(keyOf(kind, namespace, name));

  return {
    extensions,
    catalog,
    functions: functionLookup,
    aggregators: aggregatorLookup,
    windows: windowLookup,
    find<K extends ExtensionKindName>(
      kind: K,
      namespace: string,
      name: string,
    ): SpecOf<K> | undefined {
      return entry(kind, namespace, name)?.spec as SpecOf<K> | undefined;
    },
    entry,
    with: (...more) => createRegistry(...lists, ...more),
  };
}
