// The `json` source mapper: JSON text (or bytes, or an already parsed value) to events. The
// default format (`{"event":{…}}`, a bare object, or an array of either) is read by a loop over
// precomputed attribute kinds; `@attributes` JSON Paths are evaluated by jsonpath-plus.

import type { AttributeType } from '@tributary/engine';
import {
  MappingError,
  defineSourceMapper,
  param,
  type AttributeMapping,
  type IoAttribute,
  type OptionsOf,
  type SourceMapper,
  type SourceMapperContext,
} from '@tributary/engine/extension-api';
import { compileJsonPath, type CompiledJsonPath } from './json-path.js';
import { convertJsonValue, describeValue } from './json-value-conversion.js';

const parameters = {
  'enclosing.element': param.string({
    description:
      'JSON Path of the value holding the events: an object is one event, an array a batch of ' +
      'events (with `@attributes`, each JSON Path is then evaluated on one element). `$` is ' +
      'the whole message.',
    optional: true,
    default: '$',
  }),
  'fail.on.missing.attribute': param.bool({
    description:
      'When true, an event missing an attribute (or whose JSON Path matches nothing) is an ' +
      'error routed to `@OnError`; when false the attribute is null.',
    optional: true,
    default: true,
  }),
  'event.grouping.enabled': param.bool({
    description:
      "Siddhi's switch between sending a message's events as one chunk or one by one. " +
      'Tributary always delivers the events of one message together and in order, so both ' +
      'values behave the same; kept so Siddhi apps port unchanged.',
    optional: true,
    default: true,
  }),
};

type JsonSourceOptions = OptionsOf<typeof parameters>;

const KIND_STRING = 0;
const KIND_INT = 1;
const KIND_LONG = 2;
const KIND_FLOAT = 3;
const KIND_DOUBLE = 4;
const KIND_BOOL = 5;
const KIND_OBJECT = 6;

const KINDS: Readonly<Record<AttributeType, number>> = {
  string: KIND_STRING,
  int: KIND_INT,
  long: KIND_LONG,
  float: KIND_FLOAT,
  double: KIND_DOUBLE,
  bool: KIND_BOOL,
  object: KIND_OBJECT,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON text, UTF-8 bytes or an already parsed JSON value → the parsed value. */
function decode(payload: unknown): unknown {
  let text: string;
  if (typeof payload === 'string') {
    text = payload;
  } else if (payload instanceof Uint8Array || payload instanceof ArrayBuffer) {
    try {
      text = utf8.decode(payload);
    } catch (error) {
      throw new MappingError('the JSON message is not valid UTF-8', { cause: error });
    }
  } else if (typeof payload === 'object' && payload !== null) {
    return payload;
  } else {
    throw new MappingError(
      `expected JSON text, bytes or a parsed JSON value, found ${payload === null ? 'null' : typeof payload}`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MappingError(`malformed JSON: ${reason}`, { cause: error });
  }
}

function asMappingError(error: unknown): MappingError {
  if (error instanceof MappingError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new MappingError(`cannot map the JSON message: ${reason}`, { cause: error });
}

/** The raw text of one event of a batch, for the error route (replayable through this mapper). */
function rawText(item: unknown): string {
  try {
    return JSON.stringify(item);
  } catch {
    return String(item);
  }
}

function compilePath(text: string, what: string): CompiledJsonPath {
  try {
    return compileJsonPath(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`json source mapper: ${what}: ${reason}`, { cause: error });
  }
}

/** Reads events in the default format with a loop over precomputed attribute kinds. */
class DefaultFormatReader {
  readonly #names: readonly string[];
  readonly #kinds: Uint8Array;
  readonly #types: readonly AttributeType[];
  /** Names that exist on Object.prototype (`constructor`…) must be looked up as own keys. */
  readonly #guarded: readonly boolean[];
  readonly #failOnMissing: boolean;
  readonly #hasEventAttribute: boolean;
  readonly #streamId: string;

  constructor(attributes: readonly IoAttribute[], failOnMissing: boolean, streamId: string) {
    this.#names = attributes.map((a) => a.name);
    this.#types = attributes.map((a) => a.type);
    this.#kinds = Uint8Array.from(attributes, (a) => KINDS[a.type]);
    this.#guarded = attributes.map((a) => a.name in Object.prototype);
    this.#failOnMissing = failOnMissing;
    this.#hasEventAttribute = this.#names.includes('event');
    this.#streamId = streamId;
  }

  /** One event object (bare or `{"event":{…}}`) → its row. */
  read(item: unknown): unknown[] {
    if (!isObject(item)) {
      throw new MappingError(`an event must be a JSON object, found ${describeValue(item)}`);
    }
    let source = item;
    const inner = item.event;
    if (!this.#hasEventAttribute && isObject(inner)) {
      if (Object.keys(item).length !== 1) {
        const other = Object.keys(item).find((k) => k !== 'event');
        if (other !== undefined) {
          throw new MappingError(`unexpected key '${other}' beside the 'event' envelope`);
        }
      }
      source = inner;
    }
    return this.#row(source);
  }

  #row(source: JsonObject): unknown[] {
    const names = this.#names;
    const kinds = this.#kinds;
    const n = names.length;
    const row = new Array<unknown>(n);
    let present = 0;
    for (let i = 0; i < n; i += 1) {
      const name = names[i] ?? '';
      const v =
        this.#guarded[i] === true && !Object.hasOwn(source, name) ? undefined : source[name];
      if (v === undefined) {
        if (this.#failOnMissing) {
          throw new MappingError(`missing attribute '${name}' in ${describeValue(source)}`);
        }
        row[i] = null;
        continue;
      }
      present += 1;
      if (v === null) {
        row[i] = null;
        continue;
      }
      switch (kinds[i]) {
        case KIND_STRING:
          row[i] = typeof v === 'string' ? v : convertJsonValue('string', name, v);
          break;
        case KIND_DOUBLE:
          row[i] = typeof v === 'number' ? v : convertJsonValue('double', name, v);
          break;
        case KIND_FLOAT:
          row[i] = typeof v === 'number' ? Math.fround(v) : convertJsonValue('float', name, v);
          break;
        case KIND_INT:
          row[i] = typeof v === 'number' && (v | 0) === v ? v : convertJsonValue('int', name, v);
          break;
        case KIND_LONG:
          row[i] =
            typeof v === 'number' && Number.isSafeInteger(v)
              ? v
              : convertJsonValue('long', name, v);
          break;
        case KIND_BOOL:
          row[i] = typeof v === 'boolean' ? v : convertJsonValue('bool', name, v);
          break;
        default:
          row[i] = convertJsonValue(this.#types[i] ?? 'object', name, v);
      }
    }
    if (Object.keys(source).length !== present) this.#checkUnknownKeys(source);
    return row;
  }

  /** Siddhi rejects a default-format event carrying a key the stream does not have. */
  #checkUnknownKeys(source: JsonObject): void {
    for (const key of Object.keys(source)) {
      if (!this.#names.includes(key)) {
        throw new MappingError(
          `stream '${this.#streamId}' has no attribute '${key}' ` +
            `(attributes: ${this.#names.join(', ')})`,
        );
      }
    }
  }
}

interface PathMapping {
  readonly index: number;
  readonly name: string;
  readonly type: AttributeType;
  readonly path: CompiledJsonPath;
}

/** Reads events through `@attributes` JSON Paths. */
class CustomFormatReader {
  readonly #mappings: readonly PathMapping[];
  readonly #size: number;
  readonly #failOnMissing: boolean;

  constructor(mappings: readonly AttributeMapping[], size: number, failOnMissing: boolean) {
    const compiled: PathMapping[] = [];
    for (const m of mappings) {
      if (m.path === undefined) continue; // a trp: property, filled in by the engine
      compiled.push({
        index: m.index,
        name: m.attribute,
        type: m.type,
        path: compilePath(m.path, `@attributes(${m.attribute}='${m.path}')`),
      });
    }
    this.#mappings = compiled;
    this.#size = size;
    this.#failOnMissing = failOnMissing;
  }

  read(item: unknown): unknown[] {
    const row = new Array<unknown>(this.#size).fill(null);
    for (const m of this.#mappings) {
      const matches = m.path.select(item);
      if (m.path.definite) {
        if (matches.length === 0) {
          if (this.#failOnMissing) {
            throw new MappingError(
              `JSON path '${m.path.text}' of attribute '${m.name}' matches nothing in ${describeValue(item)}`,
            );
          }
          continue;
        }
        const value = matches[0];
        row[m.index] = value === null ? null : convertJsonValue(m.type, m.name, value);
      } else {
        row[m.index] = convertJsonValue(m.type, m.name, matches);
      }
    }
    return row;
  }
}

/** What the enclosing element selects: events, and whether they came as a batch. */
interface Selection {
  readonly items: readonly unknown[];
  readonly batch: boolean;
}

function selectEvents(root: unknown, enclosing: CompiledJsonPath | undefined): Selection {
  if (enclosing === undefined) {
    return Array.isArray(root) ? { items: root, batch: true } : { items: [root], batch: false };
  }
  const matches = enclosing.select(root);
  if (!enclosing.definite) {
    if (matches.length === 0) {
      throw new MappingError(
        `enclosing.element '${enclosing.text}' matches nothing in the message`,
      );
    }
    return { items: matches, batch: true };
  }
  const [value] = matches;
  if (matches.length === 0 || value === null) {
    throw new MappingError(`enclosing.element '${enclosing.text}' is not in the message`);
  }
  return Array.isArray(value) ? { items: value, batch: true } : { items: [value], batch: false };
}

function createJsonSourceMapper(ctx: SourceMapperContext<JsonSourceOptions>): SourceMapper {
  const failOnMissing = ctx.options['fail.on.missing.attribute'];
  const enclosingText = ctx.options['enclosing.element'].trim();
  const enclosing =
    enclosingText === '$' || enclosingText === ''
      ? undefined
      : compilePath(enclosingText, `enclosing.element '${enclosingText}'`);
  const reader =
    ctx.mappings === undefined
      ? new DefaultFormatReader(ctx.attributes, failOnMissing, ctx.streamId)
      : new CustomFormatReader(ctx.mappings, ctx.attributes.length, failOnMissing);
  const custom = ctx.mappings !== undefined;
  function readBatch(
    items: readonly unknown[],
    reportError: (error: MappingError, rawEvent: unknown) => void,
  ): unknown[][] {
    const rows: unknown[][] = [];
    for (const item of items) {
      try {
        rows.push(reader.read(item));
      } catch (error) {
        reportError(asMappingError(error), rawText(item));
      }
    }
    return rows;
  }

  return {
    map(payload, _transport, reportError) {
      let root: unknown;
      try {
        root = decode(payload);
      } catch (error) {
        throw asMappingError(error);
      }
      if (!custom && enclosing === undefined) {
        // the default format without an enclosing element: no selection step
        if (Array.isArray(root)) return readBatch(root, reportError);
        try {
          if (!isObject(root)) {
            throw new MappingError(
              `expected a JSON object or an array of events, found ${describeValue(root)}`,
            );
          }
          return [reader.read(root)];
        } catch (error) {
          throw asMappingError(error);
        }
      }
      let selection: Selection;
      try {
        selection = selectEvents(root, enclosing);
      } catch (error) {
        throw asMappingError(error);
      }
      const { items, batch } = selection;
      if (batch) return readBatch(items, reportError);
      try {
        return [reader.read(items[0])];
      } catch (error) {
        throw asMappingError(error);
      }
    },
  };
}

/**
 * The `json` source mapper (`@source(..., @map(type='json'))`).
 * @example
 * import { jsonSourceMapperSpec } from '@tributary/mapper-json';
 * createRegistry({ package: 'app', version: '1.0.0', extensions: [jsonSourceMapperSpec] });
 */
export const jsonSourceMapperSpec = defineSourceMapper({
  name: 'json',
  status: 'stable',
  summary: 'Maps JSON messages to events: the default format, or JSON Paths in @attributes.',
  description:
    'Without `@attributes` a message is one event as `{"event":{"symbol":"WSO2","price":55.6}}` ' +
    'or as the bare object, or an array of either (a batch). Keys are attribute names; a key ' +
    "the stream does not have is an error. With `@attributes(symbol='$.stock.sym', …)` each " +
    'attribute is read by a JSON Path (jsonpath-plus; `stock.sym` means `$.stock.sym`) ' +
    'evaluated on each event selected by `enclosing.element`.\n\n' +
    "Values: a JSON value of the attribute's type is taken as is; a string holding the type's " +
    'text is converted ("12" into an int, "true" into a bool, "NaN" into a double); a number ' +
    'goes into an int or long only when integral and in range; a string attribute takes any ' +
    'value (objects and arrays as JSON text); an object attribute takes the JSON value itself. ' +
    'A JSON null is a null attribute. Anything else is an error: a bad message goes to the ' +
    "stream's `@OnError` route whole, a bad event of a batch alone.\n\n" +
    'Messages may be strings, UTF-8 bytes or already parsed JSON values.',
  parameters,
  examples: [
    {
      description:
        'Default format: `{"event":{"symbol":"WSO2","price":55.6,"volume":100}}`, the bare ' +
        'object, or an array of either.',
      siddhi:
        "@source(type='inMemory', topic='stock', @map(type='json'))\n" +
        'define stream StockStream (symbol string, price float, volume long);\n' +
        'from StockStream[price > 10] select symbol, price insert into Expensive;',
    },
    {
      description:
        'JSON Paths relative to each element of `portfolio`: ' +
        '`{"portfolio":[{"stock":{"company":{"symbol":"WSO2"},"price":56.6,"volume":100}}]}`.',
      siddhi:
        "@source(type='inMemory', topic='stock', @map(type='json', enclosing.element='$.portfolio', " +
        "@attributes(symbol='stock.company.symbol', price='stock.price', volume='stock.volume')))\n" +
        'define stream StockStream (symbol string, price float, volume long);\n' +
        'from StockStream select * insert into Out;',
    },
    {
      description:
        'Missing values become null instead of errors; `trp:topic` is filled in by the source.',
      siddhi:
        "@source(type='inMemory', topic='stock', @map(type='json', fail.on.missing.attribute='false', " +
        "@attributes(symbol='$.sym', price='$.p', topic='trp:topic')))\n" +
        'define stream StockStream (symbol string, price double, topic string);\n' +
        'from StockStream select * insert into Out;',
    },
  ],
  create: createJsonSourceMapper,
});
