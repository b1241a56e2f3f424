// Siddhi's binary event format (siddhi-map-binary's BinaryEventConverter and
// SiddhiEventConverter), big-endian: an int32 event count, then per event an int64 timestamp
// and the attributes in stream order — int32, int64, float32, float64, one byte for a bool
// (1 is true), and a string as an int32 byte length then its UTF-8 bytes (length 0 is null).

import type { AttributeType } from '@tributary/engine';
import type { IoEvent } from '@tributary/engine/extension-api';

/** The attribute types the format carries (`object` has no encoding in Siddhi's format). */
export type BinaryType = Exclude<AttributeType, 'object'>;

/** A decoded event: its timestamp and attribute values. */
export interface BinaryEvent {
  readonly timestamp: number;
  readonly data: unknown[];
}

/** A message that does not follow the format (truncated, trailing bytes, bad counts). */
export class BinaryFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BinaryFormatError';
  }
}

/** A value the format cannot carry (null where Siddhi has no null, or the wrong kind). */
export class BinaryValueError extends Error {
  constructor(
    message: string,
    readonly event: number,
  ) {
    super(message);
    this.name = 'BinaryValueError';
  }
}

const FIXED_SIZE: Readonly<Record<BinaryType, number>> = {
  string: 4,
  int: 4,
  long: 8,
  float: 4,
  double: 8,
  bool: 1,
};

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The fewest bytes one event of these types takes (timestamp included). */
export function minimumEventSize(types: readonly BinaryType[]): number {
  return types.reduce((sum, t) => sum + FIXED_SIZE[t], 8);
}

/**
 * Decodes one message.
 * @example
 * decodeEvents(bytes, ['string', 'int']) // [{ timestamp: 1, data: ['WSO2', 5] }]
 */
export function decodeEvents(bytes: Uint8Array, types: readonly BinaryType[]): BinaryEvent[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.byteLength;
  let at = 0;
  const need = (n: number, what: string): void => {
    if (at + n > size) {
      throw new BinaryFormatError(
        `the message ends after ${String(size)} bytes, inside ${what} (byte ${String(at)} needs ${String(n)} more)`,
      );
    }
  };
  need(4, 'the event count');
  const count = view.getInt32(0);
  at = 4;
  if (count < 0) throw new BinaryFormatError(`the event count is negative (${String(count)})`);
  const smallest = minimumEventSize(types);
  if (count * smallest > size - 4) {
    throw new BinaryFormatError(
      `the message announces ${String(count)} event(s) of at least ${String(smallest)} bytes ` +
        `each, but holds only ${String(size - 4)} bytes after the count`,
    );
  }
  const events: BinaryEvent[] = [];
  for (let e = 0; e < count; e += 1) {
    const where = `event ${String(e + 1)} of ${String(count)}`;
    need(8, `the timestamp of ${where}`);
    const timestamp = Number(view.getBigInt64(at));
    at += 8;
    const data = new Array<unknown>(types.length);
    for (let i = 0; i < types.length; i += 1) {
      const type = types[i] ?? 'string';
      const what = `attribute ${String(i + 1)} (${type}) of ${where}`;
      need(FIXED_SIZE[type], what);
      switch (type) {
        case 'int':
          data[i] = view.getInt32(at);
          at += 4;
          break;
        case 'long':
          data[i] = Number(view.getBigInt64(at));
          at += 8;
          break;
        case 'float':
          data[i] = view.getFloat32(at);
          at += 4;
          break;
        case 'double':
          data[i] = view.getFloat64(at);
          at += 8;
          break;
        case 'bool':
          data[i] = view.getUint8(at) === 1;
          at += 1;
          break;
        case 'string': {
          const length = view.getInt32(at);
          at += 4;
          if (length < 0)
            throw new BinaryFormatError(`${what} has a negative length (${String(length)})`);
          need(length, what);
          if (length === 0) data[i] = null;
          else {
            try {
              data[i] = UTF8.decode(bytes.subarray(at, at + length));
            } catch {
              throw new BinaryFormatError(`${what} is not valid UTF-8`);
            }
          }
          at += length;
          break;
        }
      }
    }
    events.push({ timestamp, data });
  }
  if (at !== size) {
    throw new BinaryFormatError(
      `${String(size - at)} byte(s) follow the ${String(count)} event(s) the message announces`,
    );
  }
  return events;
}

function check(ok: boolean, event: number, index: number, type: BinaryType, value: unknown): void {
  if (!ok) {
    const shown =
      value === null || value === undefined ? 'null' : `${typeof value} ${JSON.stringify(value)}`;
    throw new BinaryValueError(
      `event ${String(event + 1)}: attribute ${String(index + 1)} (${type}) cannot be written as ` +
        `${shown}${value === null || value === undefined ? ' (Siddhi’s binary format has no null but for strings)' : ''}`,
      event,
    );
  }
}

/**
 * Encodes events as one message.
 * @example
 * encodeEvents([{ timestamp: 1, data: ['WSO2', 5] }], ['string', 'int']) // Uint8Array
 */
export function encodeEvents(events: readonly IoEvent[], types: readonly BinaryType[]): Buffer {
  const encoded: (Buffer | undefined)[][] = [];
  let size = 4;
  events.forEach((event, e) => {
    size += 8;
    const strings: (Buffer | undefined)[] = [];
    types.forEach((type, i) => {
      const value = event.data[i];
      if (type === 'string') {
        check(
          value === null || value === undefined || typeof value === 'string',
          e,
          i,
          type,
          value,
        );
        const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : undefined;
        strings.push(bytes);
        size += 4 + (bytes?.length ?? 0);
      } else {
        size += FIXED_SIZE[type];
      }
    });
    encoded.push(strings);
  });
  const out = Buffer.allocUnsafe(size);
  let at = out.writeInt32BE(events.length, 0);
  events.forEach((event, e) => {
    at = out.writeBigInt64BE(BigInt(Math.trunc(event.timestamp)), at);
    const strings = encoded[e] ?? [];
    let s = 0;
    types.forEach((type, i) => {
      const value = event.data[i];
      switch (type) {
        case 'string': {
          const bytes = strings[s];
          s += 1;
          at = out.writeInt32BE(bytes?.length ?? 0, at);
          if (bytes !== undefined) at += bytes.copy(out, at);
          break;
        }
        case 'int':
          check(
            typeof value === 'number' &&
              Number.isInteger(value) &&
              value >= -(2 ** 31) &&
              value < 2 ** 31,
            e,
            i,
            type,
            value,
          );
          at = out.writeInt32BE(value as number, at);
          break;
        case 'long':
          check(typeof value === 'number' && Number.isSafeInteger(value), e, i, type, value);
          at = out.writeBigInt64BE(BigInt(value as number), at);
          break;
        case 'float':
          check(typeof value === 'number', e, i, type, value);
          at = out.writeFloatBE(value as number, at);
          break;
        case 'double':
          check(typeof value === 'number', e, i, type, value);
          at = out.writeDoubleBE(value as number, at);
          break;
        case 'bool':
          check(typeof value === 'boolean', e, i, type, value);
          at = out.writeUInt8(value === true ? 1 : 0, at);
          break;
      }
    });
  });
  return out;
}
