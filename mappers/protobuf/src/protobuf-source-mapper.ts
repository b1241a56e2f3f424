// The `protobuf` source mapper: protobuf messages (bytes, or already decoded message objects)
// → events, the message type named by `class` and loaded from the .proto `file`; attributes
// read the fields of their names, or the fields `@attributes` names.

import type { AttributeType } from '@tributary/engine';
import {
  MappingError,
  defineSourceMapper,
  param,
  type OptionsOf,
  type SourceMapper,
  type SourceMapperContext,
} from '@tributary/engine/extension-api';
import protobuf from 'protobufjs';
import { fieldSlot, loadMessageType, toAttribute, type FieldSlot } from './proto-schema.js';

/** Options shared by the protobuf source and sink mappers. */
export const protobufParameters = {
  class: param.string({
    description:
      'The full name of the message type, `package.Message` (Siddhi names the generated Java ' +
      'class here; the protobuf full name takes its place).',
  }),
  file: param.list(param.string({ description: 'a .proto file' }), {
    description:
      'The .proto file(s) defining `class`, comma-separated; relative paths are resolved ' +
      'against the server’s working directory, imports against the importing file.',
  }),
};

type Options = OptionsOf<typeof protobufParameters>;

interface Slot extends FieldSlot {
  readonly attribute: string;
  readonly type: AttributeType;
  readonly index: number;
}

/** The message type of the options; throws (the app fails to start) naming the problem. */
export function messageTypeOf(options: Options, where: string): protobuf.Type {
  try {
    return loadMessageType(options.file, options.class);
  } catch (error) {
    throw new Error(`${where}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

const TO_OBJECT: protobuf.IConversionOptions = {
  longs: String,
  enums: String,
  defaults: true,
  arrays: true,
  objects: true,
};

class ProtobufSourceMapper implements SourceMapper {
  private readonly where: string;
  private readonly type: protobuf.Type;
  private readonly slots: readonly Slot[];
  private readonly width: number;

  constructor(private readonly ctx: SourceMapperContext<Options>) {
    this.where = `protobuf mapper of stream '${ctx.streamId}'`;
    this.type = messageTypeOf(ctx.options, this.where);
    this.width = ctx.attributes.length;
    const wanted =
      ctx.mappings === undefined
        ? ctx.attributes.map((a, i) => ({
            attribute: a.name,
            type: a.type,
            index: i,
            path: a.name,
          }))
        : ctx.mappings.flatMap((m) =>
            m.path === undefined
              ? []
              : [{ attribute: m.attribute, type: m.type, index: m.index, path: m.path }],
          );
    this.slots = wanted.map((w) => {
      const slot = fieldSlot(this.type, w.path, w.type);
      if (typeof slot === 'string')
        throw new Error(`${this.where}: attribute '${w.attribute}': ${slot}`);
      return { ...slot, attribute: w.attribute, type: w.type, index: w.index };
    });
  }

  map(payload: unknown): unknown[][] {
    let message: protobuf.Message;
    if (payload instanceof Uint8Array) {
      try {
        message = this.type.decode(payload);
      } catch (error) {
        throw new MappingError(
          `the message for the ${this.where} is not a valid ${this.type.name}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    } else if (typeof payload === 'object' && payload !== null) {
      // an already decoded message (e.g. from a gRPC transport)
      const problem = this.type.verify(payload);
      if (problem !== null) {
        throw new MappingError(
          `the object for the ${this.where} is not a valid ${this.type.name}: ${problem}`,
        );
      }
      message = this.type.fromObject(payload);
    } else {
      throw new MappingError(
        `the ${this.where} expects protobuf bytes or a message object, found ${payload === null ? 'null' : typeof payload}`,
      );
    }
    const object = this.type.toObject(message, TO_OBJECT);
    const row = new Array<unknown>(this.width).fill(null);
    for (const slot of this.slots) {
      let value: unknown = object;
      for (const name of slot.path) {
        value =
          value === null || value === undefined
            ? undefined
            : (value as Record<string, unknown>)[name];
      }
      const converted = toAttribute(value, slot, slot.type);
      if (!converted.ok) {
        throw new MappingError(
          `field '${slot.path.join('.')}' for attribute '${slot.attribute}' of stream '${this.ctx.streamId}': ${converted.reason}`,
        );
      }
      row[slot.index] = converted.value;
    }
    return [row];
  }
}

/**
 * The `protobuf` source mapper.
 * @example
 * // @source(type='inMemory', topic='t', @map(type='protobuf', file='protos/sample.proto', class='pkg.Request')) define stream S (stringValue string, intValue int);
 */
export const protobufSourceMapper = defineSourceMapper({
  name: 'protobuf',
  status: 'stable',
  summary: 'Converts protobuf messages to events, with the message type from a .proto file.',
  description:
    'A payload is the bytes of one message of type `class` (an already decoded message object ' +
    'is accepted too). Without `@attributes` each attribute reads the field of its name (or ' +
    "its camelCase twin: `order_id` ~ `orderId`); with `@attributes(a='stringValue', " +
    "b='customer.name')` the field or nested field named. Scalars fill attributes of their " +
    'type (64-bit integers a long exactly, or a double); enums give their name (or number to ' +
    'an int), bytes base64 text; repeated, map and message fields fill object attributes as ' +
    'plain objects (their 64-bit integers as decimal text). An unset message field is null. ' +
    'Fields and types are checked when the app starts.',
  parameters: protobufParameters,
  examples: [
    {
      description: 'Each field of tributary.test.Request fills the attribute of its name.',
      siddhi:
        "@source(type='inMemory', topic='test01', @map(type='protobuf', " +
        "file='mappers/protobuf/src/__fixtures__/protobuf/sample.proto', class='tributary.test.Request'))\n" +
        'define stream FooStream (stringValue string, intValue int, longValue long, booleanValue bool, floatValue float, doubleValue double);',
    },
    {
      description: 'Custom mapping, with a nested field and an enum.',
      siddhi:
        "@source(type='inMemory', topic='orders', @map(type='protobuf', " +
        "file='mappers/protobuf/src/__fixtures__/protobuf/sample.proto', class='tributary.test.Order', " +
        "@attributes(customer='customer.name', side='side', quantity='quantity')))\n" +
        'define stream OrderStream (customer string, side string, quantity long);',
    },
    {
      description: 'Repeated fields go to object attributes.',
      siddhi:
        "@source(type='inMemory', topic='test01', @map(type='protobuf', " +
        "file='mappers/protobuf/src/__fixtures__/protobuf/sample.proto', class='tributary.test.RequestWithList'))\n" +
        'define stream FooStream (stringValue string, intValue int, stringList object, intList object);',
    },
  ],
  create: (ctx) => new ProtobufSourceMapper(ctx),
});
