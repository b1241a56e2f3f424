// Unit tests of the binary snapshot value codec: every value kind round-trips exactly, across
// chunk boundaries (tiny chunks), with repeated strings sent once, and bad input is refused.

import { describe, expect, it } from 'vitest';
import {
  BinaryDecoder,
  BinaryEncoder,
  bytesSource,
  ChunkReader,
  ChunkWriter,
} from './binary-codec.js';
import { concat } from './binary-snapshot.js';

function encode(value: unknown, chunkSize?: number): { bytes: Uint8Array; chunks: number } {
  const chunks: Uint8Array[] = [];
  const out = new ChunkWriter((c) => chunks.push(c), chunkSize);
  new BinaryEncoder(out).value(value);
  out.close();
  return { bytes: concat(chunks), chunks: chunks.length };
}

function decode(bytes: Uint8Array, bufferSize?: number): unknown {
  return new BinaryDecoder(new ChunkReader(bytesSource(bytes), bufferSize)).value();
}

const VALUE = {
  numbers: [0, -1, 2147483647, -2147483648, 2147483648, 1.5, -0, NaN, Infinity, -Infinity, 1e300],
  strings: ['', 'IBM', 'IBM', 'é ü 中文', 'z'.repeat(64), 'x'.repeat(200), 'x'.repeat(200)],
  flags: [true, false, null, undefined],
  nested: {
    a: [
      [1, 'IBM'],
      [2, 'WSO2'],
    ],
    $t: 'not a tag',
  },
  map: new Map<unknown, unknown>([
    ['k', 1],
    [2, new Set(['a', 'b'])],
  ]),
  big: 12345678901234567890n,
  date: new Date(1577836800000),
  timestamps: Float64Array.from([1.5, 2.5, NaN]),
  bytes: Uint8Array.from([0, 1, 255]),
};

describe('binary snapshot codec', () => {
  it('round-trips every value kind exactly', () => {
    const back = decode(encode(VALUE).bytes) as typeof VALUE;
    expect(back).toEqual(VALUE);
    expect(Object.is(back.numbers[6], -0)).toBe(true);
    expect(back.timestamps).toBeInstanceOf(Float64Array);
  });

  it('splits into chunks and reads them back through a small buffer', () => {
    const big = { rows: Array.from({ length: 500 }, (_, i) => [i, `s${String(i % 7)}`, i / 3]) };
    const large = { ...VALUE, big, long: 'y'.repeat(5000), wide: new Float64Array(3000).fill(7) };
    const { bytes, chunks } = encode(large, 128);
    expect(chunks).toBeGreaterThan(10);
    expect(decode(bytes, 128)).toEqual(large);
    expect(bytes).toEqual(encode(large).bytes);
  });

  it('sends a repeated short string once, then by reference', () => {
    const once = encode(['IBM']).bytes.length;
    const many = encode(Array.from({ length: 100 }, () => 'IBM')).bytes.length;
    expect(many).toBeLessThan(once + 100 * 3);
  });

  it('refuses functions, unknown tags and truncated input', () => {
    expect(() => encode({ f: () => 1 })).toThrow(/function/);
    expect(() => decode(Uint8Array.from([99]))).toThrow(/unknown value tag 99/);
    const { bytes } = encode({ a: 'x'.repeat(100) });
    expect(() => decode(bytes.subarray(0, bytes.length - 5))).toThrow(/ends too early/);
  });

  it('digests a stretch of output, chunked or not', () => {
    const digest = (chunkSize: number): string => {
      const out = new ChunkWriter(() => undefined, chunkSize);
      out.u8(9);
      out.beginDigest();
      new BinaryEncoder(out).value(VALUE);
      return out.endDigest();
    };
    expect(digest(32)).toBe(digest(1 << 20));
    const other = new ChunkWriter(() => undefined);
    other.beginDigest();
    new BinaryEncoder(other).value({ ...VALUE, big: 1n });
    expect(other.endDigest()).not.toBe(digest(32));
  });
});
