// The `binary` sink mapper: the events that arrive together → one message in Siddhi's binary
// event format (as siddhi-map-binary publishes a whole `Event[]` at once).

import {
  MappingError,
  defineSinkMapper,
  type IoEvent,
  type SinkMapper,
  type SinkMapperContext,
} from '@tributary/engine/extension-api';
import { BinaryValueError, encodeEvents, type BinaryType } from './binary-format.js';
import { binaryTypesOf } from './binary-types.js';

class BinarySinkMapper implements SinkMapper {
  private readonly types: readonly BinaryType[];

  constructor(private readonly ctx: SinkMapperContext<Readonly<Record<string, never>>>) {
    this.types = binaryTypesOf(ctx.attributes, ctx.streamId);
    if (ctx.payload !== undefined) {
      throw new Error(
        `binary mapper of stream '${ctx.streamId}': @payload cannot shape a binary message`,
      );
    }
  }

  map(events: readonly IoEvent[], emit: (payload: unknown, event: IoEvent) => void): void {
    const last = events[events.length - 1];
    if (last === undefined) return;
    let message: Buffer;
    try {
      message = encodeEvents(events, this.types);
    } catch (error) {
      if (error instanceof BinaryValueError) {
        throw new MappingError(
          `cannot write the events of stream '${this.ctx.streamId}' in binary: ${error.message}`,
          { cause: error },
        );
      }
      throw error;
    }
    emit(message, last);
  }
}

/**
 * The `binary` sink mapper.
 * @example
 * // @sink(type='tcp', url='tcp://localhost:9892/S', @map(type='binary')) define stream S (symbol string, price float);
 */
export const binarySinkMapper = defineSinkMapper({
  name: 'binary',
  status: 'stable',
  summary: 'Converts events to Siddhi’s binary event format, one message per batch.',
  description:
    'The events that arrive together become one message: an int32 event count, then per ' +
    'event its int64 timestamp and attributes (see the binary source mapper), big-endian, as ' +
    'siddhi-map-binary writes them. A null string is written with length 0 (read back as ' +
    'null, as is an empty string); a null of another type cannot be written and makes the ' +
    'batch a mapping error. `object` attributes cannot be carried.',
  contentType: 'application/octet-stream',
  parameters: {},
  examples: [
    {
      description: 'Publishes each batch of events as one binary message.',
      siddhi:
        "@sink(type='inMemory', topic='WSO2', @map(type='binary'))\n" +
        'define stream FooStream (symbol string, price float, volume long);',
    },
  ],
  create: (ctx) => new BinarySinkMapper(ctx),
});
