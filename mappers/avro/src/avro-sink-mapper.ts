// The `avro` sink mapper: each event → one Avro binary message for the schema (inline,
// registry-held or generated); the record is built from the attributes of the fields' names
// or from a JSON `@payload` template; `use.avro.serializer` frames it in the Confluent wire
// format (magic byte 0 and the schema id).

import {
  MappingError,
  defineSinkMapper,
  param,
  type IoEvent,
  type OptionsOf,
  type SinkMapper,
  type SinkMapperContext,
} from '@tributary/engine/extension-api';
import avro from 'avsc';
import {
  confluentMessage,
  generatedSchema,
  messageOf,
  parseSchema,
  type SchemaRegistry,
} from './avro-schema.js';
import { registryOf, schemaIdOf, schemaParameters } from './avro-source-mapper.js';
import { invalidReason, toAvroValue } from './avro-values.js';
import { compileJsonTemplate, type JsonTemplate } from './json-template.js';

const parameters = {
  ...schemaParameters,
  'use.avro.serializer': param.bool({
    description:
      'Write the Confluent wire format (what Kafka’s KafkaAvroDeserializer reads): magic byte ' +
      '0, `schema.id` as a big-endian int32, then the Avro body. Needs `schema.id`.',
    optional: true,
    default: false,
  }),
};

type Options = OptionsOf<typeof parameters>;

class AvroSinkMapper implements SinkMapper {
  private readonly where: string;
  private type: avro.Type | undefined;
  private failure: unknown;
  private readonly pending: Promise<void> | undefined;
  private readonly registry: SchemaRegistry | undefined;
  private readonly id: number | undefined;
  private readonly template: JsonTemplate | undefined;

  constructor(private readonly ctx: SinkMapperContext<Options>) {
    const o = ctx.options;
    this.where = `avro mapper of stream '${ctx.streamId}'`;
    this.registry = registryOf(o);
    this.id = schemaIdOf(o['schema.id'], this.where);
    if (this.id !== undefined && this.registry === undefined && !o['use.avro.serializer']) {
      throw new Error(`${this.where}: schema.id needs schema.registry`);
    }
    if (o['use.avro.serializer'] && this.id === undefined) {
      throw new Error(
        `${this.where}: use.avro.serializer needs schema.id (the id written in each message)`,
      );
    }
    const def = o['schema.def'];
    if (def !== undefined && def.trim() !== '') {
      try {
        this.type = parseSchema(def);
      } catch (error) {
        throw new Error(`${this.where}: schema.def is not a valid Avro schema: ${String(error)}`, {
          cause: error,
        });
      }
    } else if (this.registry !== undefined) {
      if (this.id === undefined) throw new Error(`${this.where}: schema.registry needs schema.id`);
      this.pending = this.registry.byId(this.id).then(
        (type) => {
          this.type = type;
        },
        (error: unknown) => {
          this.failure = error;
          throw error;
        },
      );
      this.pending.catch(() => undefined);
    } else {
      this.type = parseSchema(generatedSchema(ctx.streamId, ctx.attributes));
    }
    const payload = ctx.payload;
    if (payload?.kind === 'named') {
      throw new Error(`${this.where}: @payload takes one JSON template, not named entries`);
    }
    this.template =
      payload === undefined ? undefined : compileJsonTemplate(payload.template, ctx.attributes);
  }

  init(): Promise<void> {
    return this.pending ?? Promise.resolve();
  }

  map(events: readonly IoEvent[], emit: (payload: unknown, event: IoEvent) => void): void {
    const type = this.type;
    if (type === undefined) {
      const why =
        this.failure === undefined
          ? 'is still being fetched'
          : `could not be fetched (${messageOf(this.failure)})`;
      throw new MappingError(
        `the schema of the ${this.where} ${why} from ${this.registry?.url ?? ''}`,
        { cause: this.failure },
      );
    }
    // all or nothing: a batch with an event that cannot be written is routed as a whole
    const messages = events.map((event, i) => this.encode(type, event, i, events.length));
    events.forEach((event, i) => {
      emit(messages[i], event);
    });
  }

  private encode(type: avro.Type, event: IoEvent, i: number, count: number): Buffer {
    const which = count === 1 ? 'the event' : `event ${String(i + 1)} of ${String(count)}`;
    let value: unknown;
    if (this.template === undefined) {
      value = type instanceof avro.types.RecordType ? this.record(type, event.data) : event.data[0];
    } else {
      const text = this.template.fill(event.data);
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new MappingError(
          `the @payload of the ${this.where} gave invalid JSON for ${which}: ${text.slice(0, 200)}`,
          { cause: error },
        );
      }
      if (type instanceof avro.types.RecordType && typeof value === 'object' && value !== null) {
        const record = value as Record<string, unknown>;
        for (const field of type.fields) {
          if (Object.hasOwn(record, field.name))
            record[field.name] = toAvroValue(record[field.name], field.type);
        }
      }
    }
    const reason = invalidReason(type, value);
    if (reason !== undefined) {
      throw new MappingError(
        `${which} of stream '${this.ctx.streamId}' does not fit the Avro schema: ${reason}`,
      );
    }
    const body = type.toBuffer(value);
    return this.ctx.options['use.avro.serializer'] && this.id !== undefined
      ? confluentMessage(this.id, body)
      : body;
  }

  private record(type: avro.types.RecordType, data: readonly unknown[]): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const field of type.fields) {
      const index = this.ctx.attributes.findIndex((a) => a.name === field.name);
      // a field without an attribute is left out: its default applies, or validation says so
      if (index >= 0) out[field.name] = toAvroValue(data[index], field.type);
    }
    return out;
  }
}

/**
 * The `avro` sink mapper.
 * @example
 * // @sink(type='kafka', …, @map(type='avro', schema.def="""{"type":"record",…}""")) define stream S (name string, age int);
 */
export const avroSinkMapper = defineSinkMapper({
  name: 'avro',
  status: 'stable',
  summary:
    'Converts events to Avro binary messages, with an inline, registry-held or generated schema.',
  description:
    'Without `@payload`, each field of the record schema takes the attribute of its name ' +
    '(fields without one take their default). With `@payload("""{…}""")` a JSON template ' +
    'is filled (`{{attr}}` inside quotes is the escaped text, outside it a JSON literal) and ' +
    'encoded. Numbers and booleans become text for string fields; `timestamp-millis` fields ' +
    'take milliseconds, a Date or ISO text; `decimal` fields a number or decimal text. A null ' +
    'needs a nullable union. A batch with an event that does not fit is a mapping error as a ' +
    'whole. One message (bytes) per event.',
  contentType: 'application/octet-stream',
  parameters,
  examples: [
    {
      description:
        'A schema generated from the stream: a record StockStream with the three attributes.',
      siddhi:
        "@sink(type='inMemory', topic='stock', @map(type='avro'))\n" +
        'define stream StockStream (symbol string, price float, volume long);',
    },
    {
      description: 'An inline schema with a JSON template.',
      siddhi:
        "@sink(type='inMemory', topic='stock', @map(type='avro', schema.def=\"\"\"" +
        '{"type":"record","name":"stock","namespace":"stock.example","fields":' +
        '[{"name":"symbol","type":"string"},{"name":"price","type":"float"},{"name":"volume","type":"long"}]}' +
        '""", @payload("""{"symbol":"{{symbol}}","price":{{price}},"volume":{{volume}}}""")))\n' +
        'define stream StockStream (symbol string, price float, volume long);',
    },
    {
      description: 'Confluent-framed messages for Kafka, with schema 22 from the registry.',
      siddhi:
        "@sink(type='inMemory', topic='stock', @map(type='avro', schema.registry='http://localhost:8081', " +
        "schema.id='22', use.avro.serializer='true'))\n" +
        'define stream StockStream (symbol string, price float, volume long);',
    },
  ],
  create: (ctx) => new AvroSinkMapper(ctx),
});
