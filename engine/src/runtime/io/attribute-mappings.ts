// `@map(@attributes(...))` of a source: named (`symbol='$.sym'`) or positional (`'$.sym'`)
// mappings of every stream attribute, never both; `trp:<name>` values read transport
// properties, which the engine fills in itself.

import type { Diagnostic } from '../../compiler/diagnostic.js';
import { didYouMean } from '../../compiler/did-you-mean.js';
import { ioMessages, semanticMessages } from '../../errors/messages.js';
import type { AttributeMapping, IoAttribute } from '../../extension-api/io-contracts.js';
import type { Annotation } from '../../query-api/index.js';

/** The mappings of a source, with the transport properties they ask for. */
export type AttributeMappingsResult =
  | {
      readonly ok: true;
      /** Undefined without `@attributes` (the mapper's default format). */
      readonly mappings: readonly AttributeMapping[] | undefined;
      /** The `trp:` names asked for, in attribute order, each once. */
      readonly transport: readonly string[];
    }
  | { readonly ok: false; readonly problems: readonly Diagnostic[] };

const TRP = 'trp:';

function mapping(attribute: IoAttribute, index: number, value: string): AttributeMapping {
  return value.startsWith(TRP)
    ? { attribute: attribute.name, type: attribute.type, index, transport: value.slice(TRP.length) }
    : { attribute: attribute.name, type: attribute.type, index, path: value };
}

/**
 * Reads the `@attributes` nested in a source's `@map` (case-insensitive annotation name).
 * @example
 * attributeMappingsOf(mapAnnotation, [{ name: 'symbol', type: 'string' }], 'S')
 * // { ok: true, mappings: [{ attribute: 'symbol', type: 'string', index: 0, path: '$.sym' }], transport: [] }
 */
export function attributeMappingsOf(
  map: Annotation | undefined,
  attributes: readonly IoAttribute[],
  streamId: string,
): AttributeMappingsResult {
  const annotation = map?.annotations.find((a) => a.name.toLowerCase() === 'attributes');
  if (annotation === undefined) return { ok: true, mappings: undefined, transport: [] };
  const problems: Diagnostic[] = [];
  const fail = (detail: string, span = annotation.span, hint?: string): void => {
    const message = ioMessages.E_ATTRIBUTE_MAPPING(streamId, detail);
    problems.push(
      hint === undefined
        ? { severity: 'error', code: 'E_ATTRIBUTE_MAPPING', message, span }
        : { severity: 'error', code: 'E_ATTRIBUTE_MAPPING', message, span, hint },
    );
  };
  const elements = annotation.elements;
  const named = elements.filter((e) => e.key !== undefined);
  if (named.length > 0 && named.length < elements.length) {
    fail("mappings must be all named (attr='…') or all positional, not both");
    return { ok: false, problems };
  }
  const out: (AttributeMapping | undefined)[] = new Array<AttributeMapping | undefined>(
    attributes.length,
  );
  if (named.length === 0) {
    if (elements.length !== attributes.length) {
      fail(
        `${String(elements.length)} positional mapping(s) for ${String(attributes.length)} attribute(s); give one per attribute`,
      );
      return { ok: false, problems };
    }
    elements.forEach((e, i) => {
      const attribute = attributes[i];
      if (attribute !== undefined) out[i] = mapping(attribute, i, e.value);
    });
  } else {
    const names = attributes.map((a) => a.name);
    for (const e of named) {
      const key = e.key ?? '';
      const index = names.indexOf(key);
      const attribute = attributes[index];
      if (attribute === undefined) {
        const best = didYouMean(key, names);
        fail(
          `'${key}' is not an attribute of the stream`,
          e.span,
          best === undefined ? undefined : semanticMessages.HINT_DID_YOU_MEAN(best),
        );
      } else if (out[index] !== undefined) {
        fail(`'${key}' is mapped more than once`, e.span);
      } else {
        out[index] = mapping(attribute, index, e.value);
      }
    }
    const missing = attributes.filter((_, i) => out[i] === undefined).map((a) => a.name);
    if (problems.length === 0 && missing.length > 0) {
      fail(`every attribute must be mapped; missing: ${missing.join(', ')}`);
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const mappings = out.filter((m): m is AttributeMapping => m !== undefined);
  const transport = [
    ...new Set(mappings.flatMap((m) => (m.transport === undefined ? [] : [m.transport]))),
  ];
  return { ok: true, mappings, transport };
}
