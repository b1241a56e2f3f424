// The `json` sink mapper: events to JSON text, in the default `{"event":{…}}` format (an array
// of them for a group) or through a `@payload` template with `{{attr}}` slots. Numbers are
// written as Siddhi writes them (`100.0` for a double) so Siddhi consumers read them back.

import type { AttributeType } from '@tributary/engine';
import {
  MappingError,
  defineSinkMapper,
  javaDoubleToString,
  javaFloatToString,
  param,
  type IoAttribute,
  type IoEvent,
  type OptionsOf,
  type SinkMapper,
  type SinkMapperContext,
} from '@tributary/engine/extension-api';
import { describeValue, jsonStringify } from './json-value-conversion.js';
import { compileTemplate, payloadText, type CompiledTemplate } from './payload-template.js';

const parameters = {
  'validate.json': param.bool({
    description:
      'When true, each message built from a `@payload` template is checked to be valid JSON; ' +
      "an invalid one is a mapping error (routed by the sink's `on.error`), never sent.",
    optional: true,
    default: false,
  }),
  'enclosing.element': param.string({
    description:
      'Wraps every message in objects named by a JSON Path: `$.portfolio` gives ' +
      '`{"portfolio":<message>}`. `$` leaves messages unwrapped.',
    optional: true,
    default: '$',
  }),
  'event.grouping.enabled': param.bool({
    description:
      'When true, events published together become one message holding a JSON array; when ' +
      'false every event is its own message.',
    optional: true,
    default: true,
  }),
  'enable.null.attribute.value': param.bool({
    description:
      "When true a null attribute is written as JSON `null`; when false (Siddhi's default) as " +
      'the text `undefined` (`"undefined"` in the default format).',
    optional: true,
    default: false,
  }),
};

type JsonSinkOptions = OptionsOf<typeof parameters>;

function objectJson(value: unknown, name: string): string {
  let text: string | undefined;
  try {
    text = jsonStringify(value);
  } catch (error) {
    throw new MappingError(`attribute '${name}' cannot be written as JSON: ${String(error)}`, {
      cause: error,
    });
  }
  if (text === undefined) {
    throw new MappingError(`attribute '${name}' cannot be written as JSON: ${typeof value}`);
  }
  return text;
}

/** An int or long as digits, never in exponent form (even beyond 2^53). */
function integerText(n: number): string {
  if (Number.isSafeInteger(n)) return String(n);
  return Number.isInteger(n) ? BigInt(n).toString() : String(n);
}

/** A number as Siddhi prints it for the attribute's type (not JSON-quoted). */
function numberText(type: AttributeType, value: number): string {
  switch (type) {
    case 'float':
      return javaFloatToString(value);
    case 'double':
      return javaDoubleToString(value);
    case 'int':
    case 'long':
      return integerText(value);
    default:
      return String(value);
  }
}

/** One value as JSON text for the default format (null handled by the caller). */
function valueJson(type: AttributeType, name: string, value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number': {
      // NaN and ±Infinity are not JSON numbers; the source mapper reads the strings back
      if (!Number.isFinite(value)) return `"${numberText(type, value)}"`;
      return numberText(type, value);
    }
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    default:
      return objectJson(value, name);
  }
}

/** One value as template text; inside a JSON string literal it is escaped for that string. */
function slotText(type: AttributeType, name: string, value: unknown, inString: boolean): string {
  let text: string;
  switch (typeof value) {
    case 'string':
      text = value;
      break;
    case 'number':
      text = numberText(type, value);
      break;
    case 'boolean':
    case 'bigint':
      text = value.toString();
      break;
    default:
      text = objectJson(value, name);
  }
  return inString ? JSON.stringify(text).slice(1, -1) : text;
}

/** `$.a.b` → `{"a":{"b":` and `}}`; Siddhi treats a path without `$` as names from the top. */
function enclosingParts(path: string): readonly [string, string] {
  const nodes = path
    .trim()
    .split('.')
    .filter((node, i) => !(i === 0 && node === '$'));
  if (nodes.some((node) => node.trim() === '')) {
    throw new Error(`json sink mapper: malformed enclosing.element '${path}'`);
  }
  return [nodes.map((node) => `{${JSON.stringify(node)}:`).join(''), '}'.repeat(nodes.length)];
}

/** The last event of a non-empty group: its attributes fill the sink's dynamic options. */
function lastOf(events: readonly IoEvent[]): IoEvent {
  const last = events.at(-1);
  if (last === undefined) throw new Error('an empty group of events has no last event');
  return last;
}

function createJsonSinkMapper(ctx: SinkMapperContext<JsonSinkOptions>): SinkMapper {
  const attributes: readonly IoAttribute[] = ctx.attributes;
  const types = attributes.map((a) => a.type);
  const names = attributes.map((a) => a.name);
  const grouping = ctx.options['event.grouping.enabled'];
  const validate = ctx.options['validate.json'];
  const nullsAsNull = ctx.options['enable.null.attribute.value'];
  const [prefix, suffix] = enclosingParts(ctx.options['enclosing.element']);
  const keys = names.map((name, i) => `${i === 0 ? '' : ','}${JSON.stringify(name)}:`);
  const nullJson = nullsAsNull ? 'null' : '"undefined"';
  const nullWord = nullsAsNull ? 'null' : 'undefined';
  const template: CompiledTemplate | undefined =
    ctx.payload === undefined
      ? undefined
      : compileTemplate(payloadText(ctx.payload, 'json'), attributes, 'json');

  function defaultJson(data: readonly unknown[]): string {
    let s = '{"event":{';
    for (let i = 0; i < keys.length; i += 1) {
      const v = data[i];
      s +=
        (keys[i] ?? '') +
        (v === null || v === undefined
          ? nullJson
          : valueJson(types[i] ?? 'object', names[i] ?? '', v));
    }
    return `${s}}}`;
  }

  function templateText(t: CompiledTemplate, data: readonly unknown[]): string {
    const { literals, slots } = t;
    let s = literals[0] ?? '';
    for (let k = 0; k < slots.length; k += 1) {
      const slot = slots[k];
      if (slot === undefined) break;
      const v = data[slot.index];
      s +=
        (v === null || v === undefined
          ? nullWord
          : slotText(types[slot.index] ?? 'object', names[slot.index] ?? '', v, slot.inString)) +
        (literals[k + 1] ?? '');
    }
    return s;
  }

  const one = (data: readonly unknown[]): string =>
    template === undefined ? defaultJson(data) : templateText(template, data);

  function checked(payload: string): string {
    if (validate && template !== undefined) {
      try {
        JSON.parse(payload);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new MappingError(
          `the @payload produced invalid JSON (${reason}): ${describeValue(payload)}`,
          {
            cause: error,
          },
        );
      }
    }
    return payload;
  }

  return {
    map(events, emit) {
      if (events.length === 0) return;
      if (grouping && events.length > 1) {
        const parts = events.map((e) => one(e.data));
        emit(checked(`${prefix}[${parts.join(',')}]${suffix}`), lastOf(events));
        return;
      }
      // every message is built and checked before any is sent: a batch fails or passes whole
      const payloads = events.map((e) => checked(`${prefix}${one(e.data)}${suffix}`));
      events.forEach((event, i) => {
        emit(payloads[i], event);
      });
    },
  };
}

/**
 * The `json` sink mapper (`@sink(..., @map(type='json'))`).
 * @example
 * import { jsonSinkMapperSpec } from '@tributary/mapper-json';
 * createRegistry({ package: 'app', version: '1.0.0', extensions: [jsonSinkMapperSpec] });
 */
export const jsonSinkMapperSpec = defineSinkMapper({
  name: 'json',
  status: 'stable',
  summary: 'Maps events to JSON messages: the default format, or a @payload template.',
  description:
    'Without `@payload` an event is written as `{"event":{"symbol":"WSO2","price":55.6}}`, ' +
    'events published together as a JSON array of those (see `event.grouping.enabled`). ' +
    'Numbers are printed as Siddhi prints them (`100.0` for a double, `55.6` for a float); NaN ' +
    'and infinities, which JSON cannot hold, as the strings `"NaN"`, `"Infinity"`.\n\n' +
    'With `@payload("""{"Sym":"{{symbol}}","P":{{price}}}""")` each `{{attr}}` is replaced by ' +
    'the value: inserted as is, except inside a JSON string literal of the template, where it ' +
    'is escaped so the message stays valid JSON. Objects are written as JSON. As in Siddhi, ' +
    '`{{{a}}}` is a brace, the value and a brace (there are no Mustache triple braces), and a ' +
    'template that is only an attribute name is rejected.',
  contentType: 'application/json',
  parameters,
  examples: [
    {
      description: 'Default format: `{"event":{"symbol":"WSO2","price":55.6,"volume":100}}`.',
      siddhi:
        'define stream StockStream (symbol string, price float, volume long);\n' +
        "@sink(type='inMemory', topic='stock', @map(type='json'))\n" +
        'define stream Out (symbol string, price float, volume long);\n' +
        'from StockStream select * insert into Out;',
    },
    {
      description:
        'A custom message, wrapped: `{"portfolio":{"StockData":{"Symbol":"WSO2","Price":55.6}}}`.',
      siddhi:
        'define stream StockStream (symbol string, price float, volume long);\n' +
        "@sink(type='inMemory', topic='{{symbol}}', @map(type='json', enclosing.element='$.portfolio', " +
        'validate.json=\'true\', @payload("""{"StockData":{"Symbol":"{{symbol}}","Price":{{price}}}}""")))\n' +
        'define stream Out (symbol string, price float, volume long);\n' +
        'from StockStream select * insert into Out;',
    },
  ],
  create: createJsonSinkMapper,
});
