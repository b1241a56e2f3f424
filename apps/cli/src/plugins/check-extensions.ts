// Checks that what a plugin exports really is a list of extension specs before it reaches the
// registry: a plugin built against another contract is refused with the problems named, instead
// of failing later inside the compiler or a running app.

import { ATTRIBUTE_TYPES } from '@tributary/engine';
import type { Extension, ExtensionKindName } from '@tributary/engine/extension-api';
import { pluginMessages } from './plugin-messages.js';

const OPTION_KINDS: ReadonlySet<string> = new Set([
  'source',
  'sink',
  'sourceMapper',
  'sinkMapper',
  'store',
  'distributionStrategy',
]);
const CALL_KINDS: ReadonlySet<string> = new Set([
  'function',
  'aggregator',
  'window',
  'streamFunction',
  'streamProcessor',
]);
const STATUSES: ReadonlySet<string> = new Set(['stable', 'beta', 'experimental', 'deprecated']);
const OPTION_TYPES: ReadonlySet<string> = new Set([
  'string',
  'int',
  'long',
  'double',
  'bool',
  'time',
  'enum',
  'list',
]);
const TYPES: ReadonlySet<string> = new Set(ATTRIBUTE_TYPES);

type Rec = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function checkOptionParams(parameters: unknown, problems: string[]): void {
  if (!isRecord(parameters)) {
    problems.push('parameters must be an object of option parameters');
    return;
  }
  for (const [key, param] of Object.entries(parameters)) {
    if (!isRecord(param)) {
      problems.push(`option '${key}' is not a parameter (use param.string(…) and the like)`);
      continue;
    }
    if (typeof param.type !== 'string' || !OPTION_TYPES.has(param.type)) {
      problems.push(`option '${key}' has an unknown type '${String(param.type)}'`);
    }
    if (typeof param.description !== 'string') {
      problems.push(`option '${key}' has no description`);
    }
    if (typeof param.optional !== 'boolean' || typeof param.dynamic !== 'boolean') {
      problems.push(`option '${key}' must say whether it is optional and dynamic`);
    }
  }
}

function checkCallParams(spec: Rec, problems: string[]): void {
  if (!Array.isArray(spec.parameters)) {
    problems.push('parameters must be a list');
    return;
  }
  const names = new Set<string>();
  for (const param of spec.parameters as readonly unknown[]) {
    if (!isRecord(param) || !nonEmpty(param.name)) {
      problems.push('a parameter has no name');
      continue;
    }
    names.add(param.name);
    const types = param.types;
    if (!Array.isArray(types) || types.length === 0) {
      problems.push(`parameter '${param.name}' lists no types`);
    } else {
      for (const type of types as readonly unknown[]) {
        if (typeof type !== 'string' || !TYPES.has(type)) {
          problems.push(`parameter '${param.name}' has an unknown type '${String(type)}'`);
        }
      }
    }
  }
  if (spec.overloads !== undefined) {
    if (!Array.isArray(spec.overloads)) {
      problems.push('overloads must be a list of parameter-name lists');
      return;
    }
    for (const overload of spec.overloads as readonly unknown[]) {
      if (!Array.isArray(overload)) {
        problems.push('overloads must be a list of parameter-name lists');
        continue;
      }
      for (const name of overload as readonly unknown[]) {
        if (name !== '...' && (typeof name !== 'string' || !names.has(name))) {
          problems.push(`an overload names an unknown parameter '${String(name)}'`);
        }
      }
    }
  }
}

function checkKindSpecific(kind: string, spec: Rec, problems: string[]): void {
  if (OPTION_KINDS.has(kind)) checkOptionParams(spec.parameters, problems);
  if (CALL_KINDS.has(kind)) checkCallParams(spec, problems);
  if (kind === 'function' || kind === 'aggregator') {
    const rt = spec.returnType;
    if (typeof rt !== 'function' && (typeof rt !== 'string' || !TYPES.has(rt))) {
      problems.push(`returnType must be an attribute type or a rule, found '${String(rt)}'`);
    }
  }
  if (kind === 'streamFunction' || kind === 'streamProcessor') {
    if (typeof spec.appends !== 'function' && !Array.isArray(spec.appends)) {
      problems.push('appends must list the attributes it adds (or compute them)');
    }
  }
  if (kind === 'script' && !nonEmpty(spec.language)) {
    problems.push('a script spec names its language');
  }
}

function checkSpecBase(spec: Rec, problems: string[]): void {
  if (spec.namespace !== undefined && typeof spec.namespace !== 'string') {
    problems.push('namespace must be a string');
  }
  if (typeof spec.status !== 'string' || !STATUSES.has(spec.status)) {
    problems.push(`status must be one of stable, beta, experimental, deprecated`);
  }
  if (!nonEmpty(spec.summary)) problems.push('summary is empty');
  if (typeof spec.create !== 'function') problems.push('create is not a function');
  if (!Array.isArray(spec.examples) || spec.examples.length === 0) {
    problems.push('has no examples');
  } else {
    for (const [i, example] of (spec.examples as readonly unknown[]).entries()) {
      if (
        !isRecord(example) ||
        !nonEmpty(example.siddhi) ||
        typeof example.description !== 'string'
      ) {
        problems.push(`example ${String(i + 1)} needs a description and SiddhiQL text`);
      }
    }
  }
}

function label(kind: string, spec: Rec): string {
  const ns =
    typeof spec.namespace === 'string' && spec.namespace !== '' ? `${spec.namespace}:` : '';
  return `${kind} '${ns}${typeof spec.name === 'string' ? spec.name : '?'}'`;
}

const KINDS: ReadonlySet<string> = new Set([...OPTION_KINDS, ...CALL_KINDS, 'script']);

/** A checked export: the extensions, or every problem found. */
export type ExtensionListCheck =
  | { readonly ok: true; readonly extensions: readonly Extension[] }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Checks an exported value as an extension list, reporting every problem at once.
 * @example
 * checkExtensionList([]) // { ok: true, extensions: [] }
 * checkExtensionList({}) // { ok: false, problems: ['the export is not a list of extensions'] }
 */
export function checkExtensionList(value: unknown): ExtensionListCheck {
  if (!Array.isArray(value)) return { ok: false, problems: [pluginMessages.exportNotAList] };
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [i, item] of (value as readonly unknown[]).entries()) {
    if (!isRecord(item) || typeof item.kind !== 'string' || !KINDS.has(item.kind)) {
      const kind = isRecord(item) ? String(item.kind) : typeof item;
      problems.push(`entry ${String(i + 1)} is not an extension (kind '${kind}')`);
      continue;
    }
    const spec = item.spec;
    if (!isRecord(spec) || !nonEmpty(spec.name)) {
      problems.push(`entry ${String(i + 1)} (${item.kind}) has no spec name`);
      continue;
    }
    const name = label(item.kind, spec);
    const own: string[] = [];
    checkSpecBase(spec, own);
    checkKindSpecific(item.kind, spec, own);
    problems.push(...own.map((p) => `${name}: ${p}`));
    const namespace = typeof spec.namespace === 'string' ? spec.namespace.toLowerCase() : '';
    const key = `${item.kind}:${namespace}:${spec.name}`;
    if (seen.has(key)) problems.push(`${name} is listed twice`);
    seen.add(key);
  }
  // Every entry was checked field by field above, so the list has the Extension shape.
  return problems.length === 0
    ? { ok: true, extensions: value as readonly Extension[] }
    : { ok: false, problems };
}

/** The kinds an extension list provides, in the registry's canonical order. */
export function kindsOf(
  extensions: readonly { readonly kind: ExtensionKindName }[],
): ExtensionKindName[] {
  const present = new Set(extensions.map((e) => e.kind));
  return KIND_ORDER.filter((k) => present.has(k));
}

/** Kinds in the order docs and listings show them. */
export const KIND_ORDER: readonly ExtensionKindName[] = [
  'source',
  'sink',
  'sourceMapper',
  'sinkMapper',
  'store',
  'distributionStrategy',
  'function',
  'aggregator',
  'window',
  'streamFunction',
  'streamProcessor',
  'script',
];
