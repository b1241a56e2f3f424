// The `avro` source mapper: Avro binary messages → events, with the schema given inline
// (`schema.def`), fetched from a schema registry (`schema.registry` + `schema.id`) or generated
// from the stream; `use.avro.deserializer` reads the Confluent wire format (magic byte 0, a
// 4-byte schema id) and decodes with that writer schema, resolved to the reader schema.

import type { AttributeType } from '@tributary/engine';
import {
  MappingError,
  defineSourceMapper,
  param,
  type OptionsOf,
  type SourceMapper,
  type SourceMapperContext,
} from '@tributary/engine/extension-api';
import avro from 'avsc';
import { boundsProblem, needsBoundsCheck } from './avro-bounds.js';
import {
  SchemaRegistry,
  confluentFrame,
  generatedSchema,
  messageOf,
  parseSchema,
} from './avro-schema.js';
import { parsePath, readPath, toAttribute, type PathStep } from './avro-values.js';

/** Options shared by the avro source and sink mappers. */
export const schemaParameters = {
  'schema.def': param.string({
    description:
      'The Avro schema as JSON text (a record, or an array of records for batches). Without ' +
      'it and without `schema.registry`, a flat record schema is generated from the stream.',
    optional: true,
  }),
  'schema.registry': param.string({
    description:
      'The URL of a Confluent-compatible schema registry; schemas are fetched from ' +
      '`<url>/schemas/ids/<id>` once and cached.',
    optional: true,
  }),
  'schema.id': param.string({
    description: 'The id of the schema in `schema.registry` (a number).',
    optional: true,
  }),
  'basic.auth.username': param.string({
    description: 'The user for HTTP basic authentication with the schema registry.',
    optional: true,
  }),
  'basic.auth.password': param.string({
    description: 'The password for HTTP basic authentication with the schema registry.',
    optional: true,
    secret: true,
  }),
};

const parameters = {
  ...schemaParameters,
  'fail.on.missing.attribute': param.bool({
    description:
      'When true, a record without the field an attribute maps is an error; when false the ' +
      'attribute becomes null. A field of the wrong type is always an error.',
    optional: true,
    default: true,
  }),
  'use.avro.deserializer': param.bool({
    description:
      'Messages are in the Confluent wire format (what Kafka’s KafkaAvroSerializer writes): ' +
      'magic byte 0, the writer schema’s id as a big-endian int32, then the Avro body. The ' +
      'writer schema is fetched from `schema.registry` by that id and resolved to the reader ' +
      'schema (`schema.def`/`schema.id`; the writer’s own when neither is given).',
    optional: true,
    default: false,
  }),
};

type Options = OptionsOf<typeof parameters>;

interface Slot {
  readonly attribute: string;
  readonly type: AttributeType;
  readonly index: number;
  readonly path: readonly PathStep[];
  readonly text: string;
}

/** A schema id option as a number; throws when it is not one. */
export function schemaIdOf(text: string | undefined, where: string): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  if (!/^\s*\d+\s*$/.test(text))
    throw new Error(`${where}: schema.id must be a number, found '${text}'`);
  return Number(text);
}

/** The registry the options name, if any. */
export function registryOf(
  options: OptionsOf<typeof schemaParameters>,
): SchemaRegistry | undefined {
  const url = options['schema.registry'];
  if (url === undefined || url.trim() === '') return undefined;
  return new SchemaRegistry({
    url: url.trim(),
    ...(options['basic.auth.username'] === undefined
      ? {}
      : { username: options['basic.auth.username'] }),
    ...(options['basic.auth.password'] === undefined
      ? {}
      : { password: options['basic.auth.password'] }),
  });
}

function bufferOf(payload: unknown): Buffer | undefined {
  if (Buffer.isBuffer(payload)) return payload;
  if (payload instanceof Uint8Array)
    return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  if (payload instanceof ArrayBuffer) return Buffer.from(payload);
  return undefined;
}

class AvroSourceMapper implements SourceMapper {
  private readonly where: string;
  private readonly registry: SchemaRegistry | undefined;
  private readonly deserializer: boolean;
  private reader: avro.Type | undefined;
  private readerFailure: unknown;
  private readonly pending: Promise<void> | undefined;
  private readonly resolvers = new Map<number, avro.Resolver | undefined>();
  private readonly slots: readonly Slot[];
  private readonly width: number;
  private readonly defaultMapping: boolean;

  constructor(private readonly ctx: SourceMapperContext<Options>) {
    const o = ctx.options;
    this.where = `avro mapper of stream '${ctx.streamId}'`;
    this.registry = registryOf(o);
    this.deserializer = o['use.avro.deserializer'];
    const id = schemaIdOf(o['schema.id'], this.where);
    if (id !== undefined && this.registry === undefined) {
      throw new Error(`${this.where}: schema.id needs schema.registry`);
    }
    const def = o['schema.def'];
    if (def !== undefined && def.trim() !== '') {
      try {
        this.reader = parseSchema(def);
      } catch (error) {
        throw new Error(`${this.where}: schema.def is not a valid Avro schema: ${String(error)}`, {
          cause: error,
        });
      }
    } else if (this.registry !== undefined && id !== undefined) {
      const registry = this.registry;
      this.pending = registry.byId(id).then(
        (type) => {
          this.reader = type;
        },
        (error: unknown) => {
          this.readerFailure = error;
          throw error;
        },
      );
      // an engine that never awaits init() still gets a MappingError per payload, not a crash
      this.pending.catch(() => undefined);
    } else if (this.registry !== undefined && !this.deserializer) {
      throw new Error(
        `${this.where}: schema.registry needs schema.id (or use.avro.deserializer='true')`,
      );
    } else if (this.registry === undefined) {
      this.reader = parseSchema(generatedSchema(ctx.streamId, ctx.attributes));
    }
    this.width = ctx.attributes.length;
    this.defaultMapping = ctx.mappings === undefined;
    this.slots =
      ctx.mappings === undefined
        ? ctx.attributes.map((a, i) => ({
            attribute: a.name,
            type: a.type,
            index: i,
            path: [a.name],
            text: a.name,
          }))
        : ctx.mappings.flatMap((m) => {
            if (m.path === undefined) return [];
            const path = parsePath(m.path);
            if (path === undefined) {
              throw new Error(
                `${this.where}: attribute '${m.attribute}' maps '${m.path}', which is not a field path (name, a.b, $.a.b[0])`,
              );
            }
            return [{ attribute: m.attribute, type: m.type, index: m.index, path, text: m.path }];
          });
  }

  init(): Promise<void> {
    return this.pending ?? Promise.resolve();
  }

  map(
    payload: unknown,
    _transport: unknown,
    reportError: (error: MappingError, rawEvent: unknown) => void,
  ): (readonly unknown[])[] {
    const buffer = bufferOf(payload);
    let value: unknown;
    let type: avro.Type;
    if (buffer === undefined) {
      // an already decoded record (a transport that deserialised it), or a batch of them
      if (typeof payload !== 'object' || payload === null) {
        throw new MappingError(
          `the ${this.where} expects Avro bytes or a decoded record, found ${payload === null ? 'null' : typeof payload}`,
        );
      }
      value = payload;
      type = this.reader ?? avro.Type.forSchema('null');
    } else {
      [value, type] = this.decode(buffer);
    }
    if (type.typeName === 'array' && Array.isArray(value)) {
      const rows: (readonly unknown[])[] = [];
      for (const item of value as unknown[]) {
        const row = this.row(item);
        if (row instanceof MappingError) reportError(row, item);
        else rows.push(row);
      }
      return rows;
    }
    const row = this.row(value);
    if (row instanceof MappingError) throw row;
    return [row];
  }

  private readerNow(): avro.Type | undefined {
    if (this.reader !== undefined || this.pending === undefined) return this.reader;
    const why =
      this.readerFailure === undefined
        ? 'is still being fetched'
        : `could not be fetched (${messageOf(this.readerFailure)})`;
    throw new MappingError(
      `the schema of the ${this.where} ${why} from ${this.registry?.url ?? ''}`,
      {
        cause: this.readerFailure,
      },
    );
  }

  private decode(buffer: Buffer): [unknown, avro.Type] {
    const reader = this.readerNow();
    let body = buffer;
    let writer = reader;
    let resolver: avro.Resolver | undefined;
    if (this.deserializer) {
      const frame = confluentFrame(buffer);
      if (typeof frame === 'string')
        throw new MappingError(
          `the message for the ${this.where} is not in the Confluent wire format: ${frame}`,
        );
      body = frame.body;
      if (this.registry !== undefined) {
        writer = this.registry.cached(frame.id);
        if (writer === undefined) {
          // fetch it for the next payloads; this one goes to the error store (replayable)
          this.registry.byId(frame.id).catch(() => undefined);
          throw new MappingError(
            `the writer schema ${String(frame.id)} of the ${this.where} is not loaded yet; it is being fetched from ${this.registry.url}`,
          );
        }
        if (reader !== undefined && reader !== writer)
          resolver = this.resolverFor(frame.id, reader, writer);
      }
    }
    const type = reader ?? writer;
    if (type === undefined)
      throw new MappingError(`the ${this.where} has no schema to decode with`);
    const bodyType = resolver === undefined ? type : (writer ?? type);
    if (needsBoundsCheck(bodyType)) {
      const problem = boundsProblem(bodyType, body);
      if (problem !== undefined) {
        throw new MappingError(
          `the message for the ${this.where} is not valid Avro for its schema: ${problem}`,
        );
      }
    }
    try {
      return [type.fromBuffer(body, resolver), type];
    } catch (error) {
      throw new MappingError(
        `the message for the ${this.where} is not valid Avro for its schema: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  private resolverFor(id: number, reader: avro.Type, writer: avro.Type): avro.Resolver | undefined {
    if (!this.resolvers.has(id)) {
      try {
        this.resolvers.set(id, reader.equals(writer) ? undefined : reader.createResolver(writer));
      } catch (error) {
        throw new MappingError(
          `the writer schema ${String(id)} cannot be read with the reader schema of the ${this.where}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    }
    return this.resolvers.get(id);
  }

  private row(record: unknown): unknown[] | MappingError {
    const row = new Array<unknown>(this.width).fill(null);
    const scalar = typeof record !== 'object' || record === null || Array.isArray(record);
    if (scalar && this.defaultMapping && this.width === 1) {
      // a schema of one primitive value for a stream of one attribute
      const only = this.slots[0];
      const converted = toAttribute(record, only?.type ?? 'object');
      if (!converted.ok)
        return new MappingError(`the Avro value for the ${this.where}: ${converted.reason}`);
      row[0] = converted.value;
      return row;
    }
    for (const slot of this.slots) {
      const value = readPath(record, slot.path);
      if (value === undefined) {
        if (this.ctx.options['fail.on.missing.attribute']) {
          return new MappingError(
            `the Avro record for the ${this.where} has no field '${slot.text}' (attribute '${slot.attribute}')`,
          );
        }
        continue;
      }
      const converted = toAttribute(value, slot.type);
      if (!converted.ok) {
        return new MappingError(
          `the Avro field '${slot.text}' for attribute '${slot.attribute}' of stream '${this.ctx.streamId}': ${converted.reason}`,
        );
      }
      row[slot.index] = converted.value;
    }
    return row;
  }
}

/**
 * The `avro` source mapper.
 * @example
 * // @source(type='kafka', …, @map(type='avro', schema.def="""{"type":"record",…}""")) define stream S (name string, age int);
 */
export const avroSourceMapper = defineSourceMapper({
  name: 'avro',
  status: 'stable',
  summary: 'Converts Avro messages to events, with an inline, registry-held or generated schema.',
  description:
    'A message is Avro binary (bytes) for the schema; an already decoded record (an object) is ' +
    'also accepted. Without `@attributes` each attribute reads the top-level field of its ' +
    "name; with `@attributes(name='user.name', age='age')` each names a field path. A schema " +
    'that is an array of records makes each message a batch, whose bad records are reported ' +
    'alone. Logical types: `timestamp-millis` gives milliseconds to a long (ISO text to a ' +
    'string), `decimal` a number to a double (exact text to a string); nullable unions give ' +
    'null. Numbers must fit their attribute (an int in 32 bits, a long exactly).',
  parameters,
  examples: [
    {
      description: 'An inline schema, default mapping: each field fills the attribute of its name.',
      siddhi:
        "@source(type='inMemory', topic='user', @map(type='avro', schema.def=\"\"\"" +
        '{"type":"record","name":"userInfo","namespace":"user.example","fields":' +
        '[{"name":"name","type":"string"},{"name":"age","type":"int"}]}' +
        '"""))\n' +
        'define stream UserStream (name string, age int);',
    },
    {
      description: 'Custom mapping of fields to attributes.',
      siddhi:
        "@source(type='inMemory', topic='user', @map(type='avro', schema.def=\"\"\"" +
        '{"type":"record","name":"userInfo","namespace":"avro.userInfo","fields":' +
        '[{"name":"username","type":"string"},{"name":"age","type":"int"}]}' +
        "\"\"\", @attributes(name='username', age='age')))\n" +
        'define stream UserStream (name string, age int);',
    },
    {
      description:
        'Confluent-framed messages from Kafka: writer schemas are fetched from the registry by ' +
        'the id in each message and read as schema 1.',
      siddhi:
        "@source(type='inMemory', topic='user', @map(type='avro', schema.registry='http://localhost:8081', " +
        "schema.id='1', use.avro.deserializer='true', @attributes(name='username', age='age')))\n" +
        'define stream UserStream (name string, age int);',
    },
  ],
  create: (ctx) => new AvroSourceMapper(ctx),
});
