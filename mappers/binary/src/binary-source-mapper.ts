// The `binary` source mapper: one message in Siddhi's binary format (bytes) → its events.

import {
  MappingError,
  defineSourceMapper,
  type SourceMapper,
  type SourceMapperContext,
} from '@tributary/engine/extension-api';
import { BinaryFormatError, decodeEvents, type BinaryType } from './binary-format.js';
import { binaryTypesOf } from './binary-types.js';

function bytesOf(payload: unknown): Uint8Array | undefined {
  if (payload instanceof Uint8Array) return payload;
  if (payload instanceof ArrayBuffer) return new Uint8Array(payload);
  if (ArrayBuffer.isView(payload)) {
    return new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
  }
  return undefined;
}

class BinarySourceMapper implements SourceMapper {
  private readonly types: readonly BinaryType[];

  constructor(private readonly ctx: SourceMapperContext<Readonly<Record<string, never>>>) {
    this.types = binaryTypesOf(ctx.attributes, ctx.streamId);
    if (ctx.mappings?.some((m) => m.path !== undefined) === true) {
      throw new Error(
        `binary mapper of stream '${ctx.streamId}': @attributes cannot map a binary message ` +
          '(its attributes are positional); only trp: properties may be given',
      );
    }
  }

  map(payload: unknown): unknown[][] {
    const bytes = bytesOf(payload);
    if (bytes === undefined) {
      const kind = payload === null ? 'null' : typeof payload;
      throw new MappingError(
        `the binary mapper of stream '${this.ctx.streamId}' expects bytes, found ${kind}`,
      );
    }
    try {
      return decodeEvents(bytes, this.types).map((e) => e.data);
    } catch (error) {
      if (error instanceof BinaryFormatError) {
        throw new MappingError(
          `malformed binary message for stream '${this.ctx.streamId}': ${error.message}`,
          { cause: error },
        );
      }
      throw error;
    }
  }
}

/**
 * The `binary` source mapper.
 * @example
 * // @source(type='tcp', context='S', @map(type='binary')) define stream S (symbol string, price float);
 */
export const binarySourceMapper = defineSourceMapper({
  name: 'binary',
  status: 'stable',
  summary: 'Converts messages in Siddhi’s binary event format to events.',
  description:
    'A message (bytes) holds an int32 event count, then per event an int64 timestamp and the ' +
    'attributes in stream order, big-endian: int32, int64, float32, float64, one byte per ' +
    'bool (1 is true) and strings as an int32 byte length and UTF-8 bytes, where length 0 ' +
    'is null. This is the format of siddhi-map-binary, so binary producers such as Siddhi’s ' +
    'tcp sink interoperate. `object` attributes cannot be carried. A truncated message, one ' +
    'with bytes left over or with impossible counts is a mapping error as a whole.',
  parameters: {},
  examples: [
    {
      description: 'Reads binary events published by another Siddhi or Tributary app.',
      siddhi:
        "@source(type='inMemory', topic='WSO2', @map(type='binary'))\n" +
        'define stream FooStream (symbol string, price float, volume long);',
    },
  ],
  create: (ctx) => new BinarySourceMapper(ctx),
});
