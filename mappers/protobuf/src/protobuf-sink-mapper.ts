// The `protobuf` sink mapper: each event → the bytes of one protobuf message of type `class`
// (from the .proto `file`); fields take the attributes of their names, or those
// `@payload(field='attribute')` names.

import type { AttributeType } from '@tributary/engine';
import {
  MappingError,
  defineSinkMapper,
  type IoEvent,
  type OptionsOf,
  type SinkMapper,
  type SinkMapperContext,
} from '@tributary/engine/extension-api';
import type protobuf from 'protobufjs';
import { fieldSlot, toFieldValue, type FieldSlot } from './proto-schema.js';
import { messageTypeOf, protobufParameters } from './protobuf-source-mapper.js';

type Options = OptionsOf<typeof protobufParameters>;

interface Slot extends FieldSlot {
  readonly attribute: string;
  readonly type: AttributeType;
  readonly index: number;
}

class ProtobufSinkMapper implements SinkMapper {
  private readonly where: string;
  private readonly type: protobuf.Type;
  private readonly slots: readonly Slot[];

  constructor(private readonly ctx: SinkMapperContext<Options>) {
    this.where = `protobuf mapper of stream '${ctx.streamId}'`;
    this.type = messageTypeOf(ctx.options, this.where);
    const payload = ctx.payload;
    if (payload?.kind === 'template') {
      throw new Error(
        `${this.where}: @payload must name the field of each attribute (field='attribute'), not hold a template`,
      );
    }
    const wanted =
      payload === undefined
        ? ctx.attributes.map((a) => ({ field: a.name, attribute: a.name }))
        : Object.entries(payload.entries).map(([field, attribute]) => ({
            field,
            attribute: attribute.trim(),
          }));
    this.slots = wanted.map((w) => {
      const index = ctx.attributes.findIndex((a) => a.name === w.attribute);
      const attribute = ctx.attributes[index];
      if (attribute === undefined) {
        throw new Error(
          `${this.where}: @payload maps field '${w.field}' to '${w.attribute}', which is not an attribute`,
        );
      }
      const slot = fieldSlot(this.type, w.field, attribute.type);
      if (typeof slot === 'string')
        throw new Error(`${this.where}: attribute '${attribute.name}': ${slot}`);
      return { ...slot, attribute: attribute.name, type: attribute.type, index };
    });
  }

  map(events: readonly IoEvent[], emit: (payload: unknown, event: IoEvent) => void): void {
    // all or nothing: a batch with an event that cannot be written is routed as a whole
    const messages = events.map((event, i) =>
      this.encode(
        event,
        events.length === 1 ? 'the event' : `event ${String(i + 1)} of ${String(events.length)}`,
      ),
    );
    events.forEach((event, i) => {
      emit(messages[i], event);
    });
  }

  private encode(event: IoEvent, which: string): Buffer {
    const object: Record<string, unknown> = {};
    for (const slot of this.slots) {
      const value = event.data[slot.index];
      if (value === null || value === undefined) continue;
      const converted = toFieldValue(value, slot);
      if (!converted.ok) {
        throw new MappingError(
          `${which} of stream '${this.ctx.streamId}': attribute '${slot.attribute}' → field '${slot.path.join('.')}': ${converted.reason}`,
        );
      }
      let at = object;
      slot.path.slice(0, -1).forEach((name) => {
        const next = (at[name] ??= {}) as Record<string, unknown>;
        at = next;
      });
      at[slot.path[slot.path.length - 1] ?? ''] = converted.value;
    }
    try {
      const message = this.type.fromObject(object);
      const problem = this.type.verify(message);
      if (problem !== null) throw new Error(problem);
      return Buffer.from(this.type.encode(message).finish());
    } catch (error) {
      throw new MappingError(
        `${which} of stream '${this.ctx.streamId}' is not a valid ${this.type.name}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
}

/**
 * The `protobuf` sink mapper.
 * @example
 * // @sink(type='inMemory', topic='t', @map(type='protobuf', file='protos/sample.proto', class='pkg.Request')) define stream S (stringValue string, intValue int);
 */
export const protobufSinkMapper = defineSinkMapper({
  name: 'protobuf',
  status: 'stable',
  summary: 'Converts events to protobuf messages, with the message type from a .proto file.',
  description:
    'Each event becomes the bytes of one message of type `class`. Without `@payload` each ' +
    "attribute fills the field of its name; with `@payload(stringValue='a', intValue='b')` " +
    'each field (or nested field, `customer.name`) names its attribute. Object attributes fill ' +
    'repeated, map and message fields from plain objects; strings fill enums by name and ' +
    'bytes from base64. A null leaves the field unset. An integer that does not fit its field ' +
    '(out of range, fractional, negative for an unsigned one) makes the batch a mapping error ' +
    'as a whole, never a wrapped value.',
  contentType: 'application/x-protobuf',
  parameters: protobufParameters,
  examples: [
    {
      description: 'Each attribute fills the field of its name.',
      siddhi:
        "@sink(type='inMemory', topic='test01', @map(type='protobuf', " +
        "file='mappers/protobuf/src/__fixtures__/protobuf/sample.proto', class='tributary.test.Request'))\n" +
        'define stream BarStream (stringValue string, intValue int, longValue long, booleanValue bool, floatValue float, doubleValue double);',
    },
    {
      description: 'Custom mapping of fields to attributes.',
      siddhi:
        "@sink(type='inMemory', topic='test01', @map(type='protobuf', " +
        "file='mappers/protobuf/src/__fixtures__/protobuf/sample.proto', class='tributary.test.Request', " +
        "@payload(stringValue='a', intValue='b', longValue='c', booleanValue='d', floatValue='e', doubleValue='f')))\n" +
        'define stream BarStream (a string, b int, c long, d bool, e float, f double);',
    },
  ],
  create: (ctx) => new ProtobufSinkMapper(ctx),
});
