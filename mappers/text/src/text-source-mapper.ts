// The `text` source mapper: Siddhi's default text format (`symbol:"WSO2",\nprice:55.6`) or a
// custom mapping where each attribute takes a capture group of a named regex
// (`regex.A='(\w+) ([0-9.]+)'` with `@attributes(symbol='A[1]', price='A[2]')`).

import type { AttributeType } from '@tributary/engine';
import {
  MappingError,
  compileJavaPattern,
  defineSourceMapper,
  param,
  type JavaMatch,
  type JavaPattern,
  type OptionsOf,
  type SourceMapper,
  type SourceMapperContext,
} from '@tributary/engine/extension-api';
import { parseAttributeValue } from './attribute-values.js';
import { payloadText } from './payload-text.js';
import { textSharedParameters, unescapeOption } from './text-options.js';

const parameters = {
  'regex.*': param.family(param.string({ description: 'a regular expression' }), {
    description:
      "`regex.groupid`: a named regular expression (`regex.A='(\\w+)\\s([-0-9]+)'`); any " +
      'number may be given. With `@attributes`, every attribute names a capture group of one ' +
      "of them: `'A[2]'` (group 2 of A) or `'B'` (group 1 of B). The first match in the event " +
      'text counts.',
  }),
  'fail.on.missing.attribute': param.bool({
    description:
      'When true, an event lacking an attribute (no match, or a key missing in the default ' +
      'format) is an error; when false the attribute becomes null. A value that is not of its ' +
      'attribute’s type is always an error.',
    optional: true,
    default: true,
  }),
  ...textSharedParameters,
};

type Options = OptionsOf<typeof parameters>;

interface RegexSlot {
  readonly attribute: string;
  readonly type: AttributeType;
  readonly index: number;
  /** Index into the compiled regexes. */
  readonly regex: number;
  readonly group: number;
}

/** A quoted default-format string value, unquoted; `undefined` when not quoted. */
function unquote(value: string): string | undefined {
  const first = value[0];
  if (value.length >= 2 && (first === '"' || first === "'") && value.endsWith(first)) {
    return value.slice(1, -1);
  }
  return undefined;
}

class TextSourceMapper implements SourceMapper {
  private readonly eol: string;
  private readonly separator: string;
  private readonly fail: boolean;
  private readonly grouping: boolean;
  private readonly positions: ReadonlyMap<string, number>;
  private readonly types: readonly AttributeType[];
  private readonly regexes: readonly JavaPattern[] = [];
  private readonly slots: readonly RegexSlot[] | undefined;

  constructor(private readonly ctx: SourceMapperContext<Options>) {
    const o = ctx.options;
    this.eol = unescapeOption(o['new.line.character']);
    this.separator = unescapeOption(o.delimiter) + this.eol;
    this.fail = o['fail.on.missing.attribute'];
    this.grouping = o['event.grouping.enabled'];
    this.positions = new Map(ctx.attributes.map((a, i) => [a.name, i]));
    this.types = ctx.attributes.map((a) => a.type);
    if (ctx.mappings !== undefined) this.slots = this.regexSlots(ctx, o['regex.*']);
  }

  private regexSlots(
    ctx: SourceMapperContext<Options>,
    groups: Readonly<Record<string, string>>,
  ): RegexSlot[] {
    const where = `text mapper of stream '${ctx.streamId}'`;
    const ids = new Map<string, number>();
    const regexes = this.regexes as JavaPattern[];
    return (ctx.mappings ?? []).flatMap((m) => {
      if (m.path === undefined) return [];
      const ref = /^\s*([^[\]\s]+)\s*(?:\[\s*(\d+)\s*\])?\s*$/.exec(m.path);
      const id = ref?.[1];
      const source = id === undefined ? undefined : groups[id];
      if (id === undefined || source === undefined) {
        const known = Object.keys(groups);
        throw new Error(
          `${where}: attribute '${m.attribute}' is mapped to '${m.path}', which is not a ` +
            `regex group reference like 'A[1]'` +
            (known.length === 0
              ? " (no regex.<id>='…' option is given)"
              : ` of the regexes ${known.map((k) => `regex.${k}`).join(', ')}`),
        );
      }
      let regex = ids.get(id);
      if (regex === undefined) {
        try {
          // Siddhi's regexes are Java's (java.util.regex): translated with Java's semantics
          regexes.push(compileJavaPattern(source));
        } catch (error) {
          throw new Error(
            `${where}: regex.${id} is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`,
            {
              cause: error,
            },
          );
        }
        regex = regexes.length - 1;
        ids.set(id, regex);
      }
      const group = ref?.[2] === undefined ? 1 : Number(ref[2]);
      const available = regexes[regex]?.groupCount ?? 0;
      if (group > available) {
        throw new Error(
          `${where}: attribute '${m.attribute}' takes group ${String(group)} of regex.${id}, ` +
            `which has ${String(available)} capture group(s)`,
        );
      }
      return [{ attribute: m.attribute, type: m.type, index: m.index, regex, group }];
    });
  }

  map(
    payload: unknown,
    _transport: unknown,
    reportError: (error: MappingError, rawEvent: unknown) => void,
  ): (readonly unknown[])[] {
    const text = payloadText(payload, 'text');
    if (!this.grouping) {
      const row = this.convert(text);
      if (row instanceof MappingError) throw row;
      return [row];
    }
    const parts = text.split(this.separator);
    const rows: (readonly unknown[])[] = [];
    parts.forEach((part, i) => {
      const eventText =
        i < parts.length - 1 && part.endsWith(this.eol) ? part.slice(0, -this.eol.length) : part;
      if (eventText.trim() === '') return;
      const row = this.convert(eventText);
      if (row instanceof MappingError) reportError(row, eventText);
      else rows.push(row);
    });
    return rows;
  }

  private convert(text: string): unknown[] | MappingError {
    return this.slots === undefined
      ? this.convertDefault(text)
      : this.convertRegex(text, this.slots);
  }

  private error(text: string, detail: string): MappingError {
    const shown = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    return new MappingError(
      `text event for stream '${this.ctx.streamId}' ${detail}: ${JSON.stringify(shown)}`,
    );
  }

  private convertDefault(text: string): unknown[] | MappingError {
    const row = new Array<unknown>(this.types.length).fill(null);
    const assigned = new Array<boolean>(this.types.length).fill(false);
    for (const piece of text.split(`,${this.eol}`)) {
      const colon = piece.indexOf(':');
      if (colon < 0) continue;
      const position = this.positions.get(piece.slice(0, colon).trim());
      if (position === undefined || assigned[position] === true) continue;
      assigned[position] = true;
      const value = piece.slice(colon + 1).trim();
      if (value === 'null') continue;
      const type = this.types[position] ?? 'object';
      if (type === 'string' || type === 'object') {
        row[position] = unquote(value) ?? value;
        continue;
      }
      // Siddhi drops thousands separators in numbers (`1,000`).
      const parsed = parseAttributeValue(value.replaceAll(',', ''), type);
      if (!parsed.ok) {
        return this.error(
          text,
          `has a bad value for '${this.ctx.attributes[position]?.name ?? ''}': ${parsed.reason}`,
        );
      }
      row[position] = parsed.value;
    }
    if (this.fail) {
      const missing = this.ctx.attributes.filter((_, i) => assigned[i] !== true).map((a) => a.name);
      if (missing.length > 0) return this.error(text, `lacks attribute(s) ${missing.join(', ')}`);
    }
    return row;
  }

  private convertRegex(text: string, slots: readonly RegexSlot[]): unknown[] | MappingError {
    const row = new Array<unknown>(this.types.length).fill(null);
    const matches = new Array<JavaMatch | null | undefined>(this.regexes.length);
    for (const slot of slots) {
      let match = matches[slot.regex];
      if (match === undefined) {
        match = this.regexes[slot.regex]?.find(text) ?? null;
        matches[slot.regex] = match;
      }
      const value = match?.group(slot.group) ?? undefined;
      if (value === undefined) {
        if (this.fail) return this.error(text, `has no match for attribute '${slot.attribute}'`);
        continue;
      }
      if (slot.type === 'string' || slot.type === 'object') {
        row[slot.index] = value;
        continue;
      }
      const parsed = parseAttributeValue(value.replaceAll(',', ''), slot.type);
      if (!parsed.ok)
        return this.error(text, `has a bad value for '${slot.attribute}': ${parsed.reason}`);
      row[slot.index] = parsed.value;
    }
    return row;
  }
}

/**
 * The `text` source mapper.
 * @example
 * // @source(type='inMemory', topic='t', @map(type='text')) define stream S (symbol string, price float);
 * // payload 'symbol:"WSO2",\nprice:55.6' → event ['WSO2', 55.6]
 */
export const textSourceMapper = defineSourceMapper({
  name: 'text',
  status: 'stable',
  summary: 'Converts text messages to events: the default `attr:value` lines or named regexes.',
  description:
    'Default format: one `name:value` per attribute, separated by `,` and a line break; ' +
    'string values are quoted with `"` or `\'`, an unquoted `null` is null and numbers may ' +
    'carry thousands separators (`1,000`). Unknown names are ignored; a name given twice ' +
    "keeps its first value. Custom format: `regex.<id>='…'` options and `@attributes` naming " +
    "their capture groups (`'A[1]'`). With `event.grouping.enabled`, a payload holds several " +
    'events separated by `delimiter` lines; a bad one is reported alone. The payload is a ' +
    'string or UTF-8 bytes.',
  parameters,
  examples: [
    {
      description:
        'Default mapping: the payload `symbol:"WSO2",\\nprice:55.6,\\nvolume:100` becomes ' +
        '(WSO2, 55.6, 100).',
      siddhi:
        "@source(type='inMemory', topic='stock', @map(type='text'))\n" +
        'define stream FooStream (symbol string, price float, volume long);',
    },
    {
      description:
        'Custom mapping with two regexes: `wso2 550 volume 100` becomes (wso2, 550, 100).',
      siddhi:
        "@source(type='inMemory', topic='stock', @map(type='text', fail.on.missing.attribute='true', " +
        "regex.A='(\\w+)\\s([-0-9]+)', regex.B='volume\\s([-0-9]+)', " +
        "@attributes(symbol='A[1]', price='A[2]', volume='B')))\n" +
        'define stream FooStream (symbol string, price float, volume long);',
    },
    {
      description: 'Grouped events separated by `~~~~~~~~~~` lines, Windows line ends.',
      siddhi:
        "@source(type='inMemory', topic='stock', @map(type='text', event.grouping.enabled='true', " +
        "new.line.character='\\r\\n'))\n" +
        'define stream FooStream (symbol string, price float, volume long);',
    },
  ],
  create: (ctx) => new TextSourceMapper(ctx),
});
