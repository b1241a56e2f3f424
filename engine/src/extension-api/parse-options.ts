// Option parsing of annotation-configured extensions (`@source`, `@sink`, `@map`, `@store`,
// `@distribution`): typed values from the spec's parameter map, every problem reported at once
// with the element's span. The validator and the planner share it, so they cannot disagree.

import type { Diagnostic } from '../compiler/diagnostic.js';
import { didYouMean } from '../compiler/did-you-mean.js';
import type { ExtensionSpec, ParameterSpec } from '../compiler/extension-catalog.js';
import { parseTimeString } from '../compiler/time-string.js';
import { optionMessages, semanticMessages, type OptionCode } from '../errors/messages.js';
import type { Annotation, AttributeType, Span } from '../query-api/index.js';
import type { OptionParamBase, OptionType, ParamMap } from './param.js';

/** Where the options come from, for messages and for the keys the engine reads itself. */
export interface OptionsWhere {
  /** Named in messages, e.g. `source 'kafka'` or `sink mapper 'json'`. */
  readonly extension: string;
  /**
   * Keys the engine reads itself and the extension never sees (besides `type`, which is
   * always skipped): a sink's `on.error`, a `@distribution`'s `strategy`.
   */
  readonly reserved?: readonly string[];
}

/** Parsed options, or every problem found. */
export type ParseOptionsResult<O = Readonly<Record<string, unknown>>> =
  | { readonly ok: true; readonly options: O; readonly dynamic: string[] }
  | { readonly ok: false; readonly problems: Diagnostic[] };

/** One value parsed, or why it cannot be. */
export type OptionValueResult =
  { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly detail: string };

/** `{{attribute}}` anywhere in a value makes it a template (Siddhi's `(.*?)\{\{.*?\}\}(.*?)`). */
const TEMPLATE = /\{\{.*?\}\}/s;

const INT_MIN = -2_147_483_648;
const INT_MAX = 2_147_483_647;

function describeType(param: OptionParamBase): string {
  switch (param.type) {
    case 'int':
      return 'an int';
    case 'long':
      return 'a long';
    case 'double':
      return 'a double';
    case 'bool':
      return 'true or false';
    case 'time':
      return "a time such as '1 sec' or a number of milliseconds";
    case 'enum':
      return `one of ${(param.values ?? []).join(', ')}`;
    case 'list':
      return 'a list';
    case 'string':
      return 'a string';
  }
}

/**
 * Parses one option value as `param` describes it.
 * @example
 * parseOptionValue(param.time({ description: 'poll' }), '2 sec') // { ok: true, value: 2000 }
 */
export function parseOptionValue(param: OptionParamBase, text: string): OptionValueResult {
  const fail = (): OptionValueResult => ({
    ok: false,
    detail: param.secret
      ? `must be ${describeType(param)}`
      : `must be ${describeType(param)}, found '${text}'`,
  });
  const trimmed = text.trim();
  switch (param.type) {
    case 'string':
      return { ok: true, value: text };
    case 'int': {
      if (!/^[+-]?\d+$/.test(trimmed)) return fail();
      const n = Number(trimmed);
      return n < INT_MIN || n > INT_MAX ? fail() : { ok: true, value: n };
    }
    case 'long': {
      const m = /^([+-]?\d+)[lL]?$/.exec(trimmed);
      if (m === null) return fail();
      const n = Number(m[1]);
      return Number.isSafeInteger(n) ? { ok: true, value: n } : fail();
    }
    case 'double': {
      const n = trimmed === '' ? Number.NaN : Number(trimmed.replace(/[dDfF]$/, ''));
      return Number.isNaN(n) ? fail() : { ok: true, value: n };
    }
    case 'bool': {
      const lower = trimmed.toLowerCase();
      return lower === 'true' || lower === 'false' ? { ok: true, value: lower === 'true' } : fail();
    }
    case 'time': {
      if (/^\d+$/.test(trimmed)) return { ok: true, value: Number(trimmed) };
      const ms = parseTimeString(trimmed);
      return ms === undefined ? fail() : { ok: true, value: ms };
    }
    case 'enum': {
      const lower = trimmed.toLowerCase();
      const found = (param.values ?? []).find((v) => v.toLowerCase() === lower);
      return found === undefined ? fail() : { ok: true, value: found };
    }
    case 'list': {
      const element = param.element;
      if (element === undefined) return { ok: true, value: [text] };
      if (trimmed === '') return { ok: true, value: [] };
      const values: unknown[] = [];
      for (const part of trimmed.split(param.separator ?? ',')) {
        const parsed = parseOptionValue(element, part.trim());
        if (!parsed.ok) return { ok: false, detail: `element ${parsed.detail}` };
        values.push(parsed.value);
      }
      return { ok: true, value: values };
    }
  }
}

function problem(code: OptionCode, message: string, span: Span, hint?: string): Diagnostic {
  return hint === undefined
    ? { severity: 'error', code, message, span }
    : { severity: 'error', code, message, span, hint };
}

/** The family (`regex.*`) a key (`regex.A`) belongs to, with its suffix and element. */
function familyMember(
  params: ParamMap,
  key: string,
):
  | { readonly family: string; readonly suffix: string; readonly element: OptionParamBase }
  | undefined {
  for (const [name, param] of Object.entries(params)) {
    if (param.family !== true || !name.endsWith('.*') || param.element === undefined) continue;
    const prefix = name.slice(0, -1);
    if (key.length > prefix.length && key.startsWith(prefix)) {
      return { family: name, suffix: key.slice(prefix.length), element: param.element };
    }
  }
  return undefined;
}

/**
 * Reads an annotation's `key='value'` elements as the options of an extension: unknown keys
 * (with "did you mean"), missing mandatory keys, values of the wrong type and `{{…}}`
 * templates in keys that are not dynamic are all reported, each at its element's span.
 * Defaults are applied; `system` values (from the host's configuration) sit under the
 * user's. Keys are compared case-sensitively, as Siddhi does. Nested annotations (`@map`,
 * `@attributes`, `@payload`, `@distribution`, `@destination`) are not options.
 * @example
 * const r = parseOptions(kafkaSpec.parameters, sourceAnnotation, { extension: "source 'kafka'" });
 * if (!r.ok) diagnostics.push(...r.problems); else connect(r.options['topic.list']);
 */
export function parseOptions(
  params: ParamMap,
  annotation: Annotation,
  where: OptionsWhere,
  system?: Readonly<Record<string, string>>,
): ParseOptionsResult {
  const problems: Diagnostic[] = [];
  const options: Record<string, unknown> = {};
  const dynamic: string[] = [];
  const given = new Set<string>();
  const reserved = new Set(['type', ...(where.reserved ?? [])].map((k) => k.toLowerCase()));
  const keys = Object.keys(params);
  const { extension } = where;

  for (const element of annotation.elements) {
    const key = element.key;
    if (key === undefined) {
      problems.push(
        problem(
          'E_OPTION_WITHOUT_KEY',
          optionMessages.E_OPTION_WITHOUT_KEY(extension, element.value),
          element.span,
        ),
      );
      continue;
    }
    if (reserved.has(key.toLowerCase())) continue;
    const member = params[key] === undefined ? familyMember(params, key) : undefined;
    if (member !== undefined) {
      // a key of a family (`regex.A` of `regex.*`): parsed as the family's element
      const parsed = given.has(key) ? undefined : parseOptionValue(member.element, element.value);
      given.add(key);
      if (parsed === undefined) {
        problems.push(
          problem(
            'E_DUPLICATE_OPTION',
            optionMessages.E_DUPLICATE_OPTION(extension, key),
            element.span,
          ),
        );
      } else if (parsed.ok) {
        const record = (options[member.family] ?? {}) as Record<string, unknown>;
        record[member.suffix] = parsed.value;
        options[member.family] = record;
      } else {
        problems.push(
          problem(
            'E_INVALID_OPTION',
            optionMessages.E_INVALID_OPTION(extension, key, parsed.detail),
            element.span,
          ),
        );
      }
      continue;
    }
    const param = params[key];
    if (param === undefined) {
      const best = didYouMean(key, keys);
      problems.push(
        problem(
          'E_UNKNOWN_OPTION',
          optionMessages.E_UNKNOWN_OPTION(extension, key),
          element.span,
          best === undefined
            ? optionMessages.HINT_VALID_OPTIONS(keys)
            : semanticMessages.HINT_DID_YOU_MEAN(best),
        ),
      );
      continue;
    }
    if (given.has(key)) {
      problems.push(
        problem(
          'E_DUPLICATE_OPTION',
          optionMessages.E_DUPLICATE_OPTION(extension, key),
          element.span,
        ),
      );
      continue;
    }
    given.add(key);
    if (TEMPLATE.test(element.value)) {
      if (param.dynamic) {
        options[key] = element.value;
        dynamic.push(key);
      } else {
        problems.push(
          problem(
            'E_OPTION_NOT_DYNAMIC',
            optionMessages.E_OPTION_NOT_DYNAMIC(extension, key),
            element.span,
          ),
        );
      }
      continue;
    }
    const parsed = parseOptionValue(param, element.value);
    if (parsed.ok) options[key] = parsed.value;
    else {
      problems.push(
        problem(
          'E_INVALID_OPTION',
          optionMessages.E_INVALID_OPTION(extension, key, parsed.detail),
          element.span,
        ),
      );
    }
  }

  for (const key of keys) {
    if (given.has(key)) continue;
    const param = params[key];
    if (param === undefined) continue;
    if (param.family === true) {
      options[key] ??= {};
      continue;
    }
    const configured = system?.[key];
    const text = configured ?? param.defaultText;
    if (text === undefined) {
      if (!param.optional) {
        problems.push(
          problem(
            'E_MISSING_OPTION',
            optionMessages.E_MISSING_OPTION(extension, key),
            annotation.span,
          ),
        );
      }
      continue;
    }
    const parsed = parseOptionValue(param, text);
    if (parsed.ok) options[key] = parsed.value;
    else {
      const source = configured === undefined ? 'default' : 'configured value';
      problems.push(
        problem(
          'E_INVALID_OPTION',
          optionMessages.E_INVALID_OPTION(extension, key, `(${source}) ${parsed.detail}`),
          annotation.span,
        ),
      );
    }
  }

  return problems.length > 0 ? { ok: false, problems } : { ok: true, options, dynamic };
}

const ATTRIBUTE_TYPE_OF: Readonly<Record<OptionType, AttributeType>> = {
  string: 'string',
  int: 'int',
  long: 'long',
  double: 'double',
  bool: 'bool',
  time: 'string',
  enum: 'string',
  list: 'string',
};

/**
 * The catalog's view of a parameter map: one `ParameterSpec` per option key, carrying the
 * option itself so the validator can parse values exactly as the runtime will.
 * @example
 * optionParameterSpecs({ topic: param.string({ description: 't' }) })[0]?.name // 'topic'
 */
export function optionParameterSpecs(params: ParamMap): ParameterSpec[] {
  return Object.entries(params).map(([name, option]) => ({
    name,
    types: [ATTRIBUTE_TYPE_OF[option.type]],
    ...(option.optional || option.defaultText !== undefined ? { optional: true } : {}),
    ...(option.values === undefined ? {} : { allowedValues: option.values }),
    description: option.description,
    option,
  }));
}

/**
 * The parameter map of a catalog entry of an annotation kind: the options carried by its
 * parameters, or plain string options for entries described without them.
 * @example
 * optionParamsOf(catalog.resolve('sink', '', 'log')!)['prefix']?.type // 'string'
 */
export function optionParamsOf(spec: ExtensionSpec): ParamMap {
  const out: Record<string, OptionParamBase> = {};
  for (const p of spec.parameters ?? []) {
    out[p.name] = p.option ?? {
      type: 'string',
      description: p.description ?? '',
      optional: p.optional === true,
      dynamic: false,
      secret: false,
    };
  }
  return out;
}
