// A compact binary encoding of snapshot values, written to and read from a stream of fixed-size
// chunks, so a snapshot of millions of events goes to disk (and comes back) without a JSON text,
// a tagged copy of the state or the whole file in memory. Short strings are sent once and then
// referred to by number (a window's symbols repeat millions of times).

import { createHash, type Hash } from 'node:crypto';

/** The value kinds of the encoding (one byte before each value). */
const Tag = {
  Null: 0,
  Undefined: 1,
  False: 2,
  True: 3,
  Int32: 4,
  Float64: 5,
  String: 6,
  StringRef: 7,
  Array: 8,
  Record: 9,
  Map: 10,
  Set: 11,
  BigInt: 12,
  Date: 13,
  Float64Array: 14,
  Uint8Array: 15,
} as const;

/** Strings up to this length are remembered and sent again as a reference. */
const SHORT_STRING = 64;
/** At most this many strings are remembered (the decoder mirrors the same rule). */
const MAX_STRINGS = 1 << 16;
const DEFAULT_CHUNK = 1 << 20;
/** The smallest chunk or buffer: room for any fixed-size write and any short string. */
const MIN_CHUNK = 128;

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder();

/**
 * Bytes out in chunks of `chunkSize` (at least 128): each full chunk goes to `sink` (which may keep it, the
 * writer never reuses a chunk it handed out). A digest of a stretch of output can be taken.
 * @example
 * const chunks: Uint8Array[] = [];
 * const out = new ChunkWriter((c) => chunks.push(c));
 * out.u8(1); out.close();
 */
export class ChunkWriter {
  #buffer: Uint8Array;
  #view: DataView;
  #pos = 0;
  #hash: Hash | undefined;
  #hashFrom = 0;
  /** Bytes written so far. */
  written = 0;

  private readonly chunkSize: number;

  constructor(
    private readonly sink: (chunk: Uint8Array) => void,
    chunkSize = DEFAULT_CHUNK,
  ) {
    this.chunkSize = Math.max(MIN_CHUNK, chunkSize);
    this.#buffer = new Uint8Array(this.chunkSize);
    this.#view = new DataView(this.#buffer.buffer);
  }

  /** Room for `n` more bytes in the current chunk (n ≤ chunk size). */
  #room(n: number): void {
    if (this.#pos + n > this.#buffer.length) this.#flush();
  }

  #flush(): void {
    if (this.#pos === 0) return;
    const chunk = this.#buffer.subarray(0, this.#pos);
    this.#hash?.update(chunk.subarray(this.#hashFrom));
    this.#hashFrom = 0;
    this.sink(chunk);
    this.written += this.#pos;
    this.#buffer = new Uint8Array(this.chunkSize);
    this.#view = new DataView(this.#buffer.buffer);
    this.#pos = 0;
  }

  u8(v: number): void {
    this.#room(1);
    this.#buffer[this.#pos++] = v;
  }

  /** An unsigned integer below 2^53 in 7-bit groups. */
  varint(v: number): void {
    this.#room(8);
    const buffer = this.#buffer;
    let pos = this.#pos;
    while (v >= 0x80) {
      buffer[pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    buffer[pos++] = v;
    this.#pos = pos;
  }

  i32(v: number): void {
    this.#room(4);
    this.#view.setInt32(this.#pos, v, true);
    this.#pos += 4;
  }

  f64(v: number): void {
    this.#room(8);
    this.#view.setFloat64(this.#pos, v, true);
    this.#pos += 8;
  }

  bytes(data: Uint8Array): void {
    if (data.length <= this.chunkSize) {
      this.#room(data.length);
      this.#buffer.set(data, this.#pos);
      this.#pos += data.length;
      return;
    }
    this.#flush();
    const copy = data.slice();
    this.#hash?.update(copy);
    this.sink(copy);
    this.written += copy.length;
  }

  /** A string as its UTF-8 byte length then the bytes. */
  string(s: string): void {
    // ASCII fast path: one byte per character, no encoder call
    if (s.length <= SHORT_STRING) {
      this.#room(1 + s.length);
      const buffer = this.#buffer;
      const start = this.#pos;
      let ascii = true;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c > 0x7f) {
          ascii = false;
          break;
        }
        buffer[start + 1 + i] = c;
      }
      if (ascii) {
        buffer[start] = s.length;
        this.#pos = start + 1 + s.length;
        return;
      }
    }
    const encoded = utf8.encode(s);
    this.varint(encoded.length);
    this.bytes(encoded);
  }

  /** Starts a digest of everything written until `endDigest`. */
  beginDigest(): void {
    this.#hash = createHash('sha1');
    this.#hashFrom = this.#pos;
  }

  endDigest(): string {
    const hash = this.#hash;
    if (hash === undefined) throw new Error('no digest was begun');
    hash.update(this.#buffer.subarray(this.#hashFrom, this.#pos));
    this.#hash = undefined;
    return hash.digest('base64');
  }

  /** Hands out the last, partly filled chunk. */
  close(): void {
    this.#flush();
  }
}

/** Where a `ChunkReader` gets bytes: fills `into` from the start, returns how many (0 at the end). */
export interface ByteSource {
  read(into: Uint8Array): number;
}

/** A `ByteSource` over bytes in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  let offset = 0;
  return {
    read(into) {
      const n = Math.min(into.length, bytes.length - offset);
      into.set(bytes.subarray(offset, offset + n));
      offset += n;
      return n;
    },
  };
}

/**
 * Bytes in from a `ByteSource`, through a buffer of `bufferSize` (at least 128).
 * @example
 * const input = new ChunkReader(bytesSource(bytes)); input.u8();
 */
export class ChunkReader {
  #buffer: Uint8Array;
  #view: DataView;
  #pos = 0;
  #end = 0;
  #done = false;

  constructor(
    private readonly source: ByteSource,
    bufferSize = DEFAULT_CHUNK,
  ) {
    this.#buffer = new Uint8Array(Math.max(MIN_CHUNK, bufferSize));
    this.#view = new DataView(this.#buffer.buffer);
  }

  /** At least `n` bytes (n ≤ buffer size) from `#pos` on, or an error at the end of input. */
  #need(n: number): void {
    if (this.#end - this.#pos >= n) return;
    const buffer = this.#buffer;
    buffer.copyWithin(0, this.#pos, this.#end);
    this.#end -= this.#pos;
    this.#pos = 0;
    while (this.#end < n && !this.#done) {
      const read = this.source.read(buffer.subarray(this.#end));
      if (read === 0) this.#done = true;
      this.#end += read;
    }
    if (this.#end < n) throw new RangeError('the snapshot ends too early');
  }

  /** True when every byte has been read. */
  atEnd(): boolean {
    if (this.#pos < this.#end) return false;
    if (this.#done) return true;
    const read = this.source.read(this.#buffer);
    this.#pos = 0;
    this.#end = read;
    if (read === 0) this.#done = true;
    return read === 0;
  }

  /** Every byte not read yet, to the end of the input. */
  drain(): Uint8Array[] {
    const parts = [this.#buffer.slice(this.#pos, this.#end)];
    this.#pos = this.#end;
    while (!this.#done) {
      const chunk = new Uint8Array(this.#buffer.length);
      const read = this.source.read(chunk);
      if (read === 0) this.#done = true;
      else parts.push(chunk.subarray(0, read));
    }
    return parts;
  }

  u8(): number {
    this.#need(1);
    return this.#buffer[this.#pos++] ?? 0;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.u8();
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 0x80;
    }
  }

  i32(): number {
    this.#need(4);
    const v = this.#view.getInt32(this.#pos, true);
    this.#pos += 4;
    return v;
  }

  f64(): number {
    this.#need(8);
    const v = this.#view.getFloat64(this.#pos, true);
    this.#pos += 8;
    return v;
  }

  /** `n` bytes, copied out. */
  bytes(n: number): Uint8Array {
    if (n <= this.#buffer.length) {
      this.#need(n);
      const out = this.#buffer.slice(this.#pos, this.#pos + n);
      this.#pos += n;
      return out;
    }
    const out = new Uint8Array(n);
    const buffered = this.#end - this.#pos;
    out.set(this.#buffer.subarray(this.#pos, this.#end));
    this.#pos = this.#end;
    let filled = buffered;
    while (filled < n) {
      const read = this.source.read(out.subarray(filled));
      if (read === 0) throw new RangeError('the snapshot ends too early');
      filled += read;
    }
    return out;
  }

  string(): string {
    const n = this.varint();
    if (n <= SHORT_STRING && n < 0x80) {
      this.#need(n);
      const buffer = this.#buffer;
      const start = this.#pos;
      let ascii = true;
      for (let i = start; i < start + n; i++) {
        if ((buffer[i] ?? 0) > 0x7f) {
          ascii = false;
          break;
        }
      }
      if (ascii) {
        this.#pos += n;
        return String.fromCharCode(...buffer.subarray(start, start + n));
      }
    }
    return utf8Decoder.decode(this.bytes(n));
  }
}

/**
 * Encodes values: primitives (numbers exactly, -0, NaN and ±Infinity included), strings, arrays,
 * plain records, Map, Set, bigint, Date, Float64Array and Uint8Array. Functions, symbols and
 * class instances other than those are refused, as in the JSON codec.
 * @example
 * const encoder = new BinaryEncoder(new ChunkWriter(sink));
 * encoder.value({ held: [1, 'IBM'] });
 */
export class BinaryEncoder {
  readonly #strings = new Map<string, number>();

  constructor(readonly out: ChunkWriter) {}

  /** Forgets the strings sent so far: what follows encodes the same whatever came before. */
  resetStrings(): void {
    this.#strings.clear();
  }

  value(v: unknown): void {
    const out = this.out;
    switch (typeof v) {
      case 'number':
        if ((v | 0) === v && !Object.is(v, -0)) {
          out.u8(Tag.Int32);
          out.i32(v);
        } else {
          out.u8(Tag.Float64);
          out.f64(v);
        }
        return;
      case 'string':
        this.#string(v);
        return;
      case 'boolean':
        out.u8(v ? Tag.True : Tag.False);
        return;
      case 'undefined':
        out.u8(Tag.Undefined);
        return;
      case 'bigint':
        out.u8(Tag.BigInt);
        out.string(v.toString());
        return;
      case 'function':
      case 'symbol':
        throw new TypeError(`a ${typeof v} cannot be part of a state snapshot`);
      default:
        break;
    }
    if (v === null) {
      out.u8(Tag.Null);
      return;
    }
    if (Array.isArray(v)) {
      out.u8(Tag.Array);
      out.varint(v.length);
      for (const item of v as unknown[]) this.value(item);
      return;
    }
    if (v instanceof Map) {
      out.u8(Tag.Map);
      out.varint(v.size);
      for (const [key, item] of v as Map<unknown, unknown>) {
        this.value(key);
        this.value(item);
      }
      return;
    }
    if (v instanceof Set) {
      out.u8(Tag.Set);
      out.varint(v.size);
      for (const item of v as Set<unknown>) this.value(item);
      return;
    }
    if (v instanceof Date) {
      out.u8(Tag.Date);
      out.f64(v.getTime());
      return;
    }
    if (v instanceof Float64Array) {
      out.u8(Tag.Float64Array);
      out.varint(v.length);
      // little-endian on every platform Node runs on, the layout the decoder expects
      out.bytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
      return;
    }
    if (v instanceof Uint8Array) {
      out.u8(Tag.Uint8Array);
      out.varint(v.length);
      out.bytes(v);
      return;
    }
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record);
    out.u8(Tag.Record);
    out.varint(keys.length);
    for (const key of keys) {
      this.#string(key);
      this.value(record[key]);
    }
  }

  #string(s: string): void {
    const out = this.out;
    const known = this.#strings.get(s);
    if (known !== undefined) {
      out.u8(Tag.StringRef);
      out.varint(known);
      return;
    }
    out.u8(Tag.String);
    out.string(s);
    if (s.length <= SHORT_STRING && this.#strings.size < MAX_STRINGS) {
      this.#strings.set(s, this.#strings.size);
    }
  }
}

/**
 * The inverse of `BinaryEncoder`, over one stream (string references span the whole stream).
 * @example
 * const value = new BinaryDecoder(new ChunkReader(bytesSource(bytes))).value();
 */
export class BinaryDecoder {
  readonly #strings: string[] = [];

  constructor(readonly input: ChunkReader) {}

  /** Mirrors `BinaryEncoder.resetStrings` at the same point of the stream. */
  resetStrings(): void {
    this.#strings.length = 0;
  }

  value(): unknown {
    const input = this.input;
    const tag = input.u8();
    switch (tag) {
      case Tag.Null:
        return null;
      case Tag.Undefined:
        return undefined;
      case Tag.False:
        return false;
      case Tag.True:
        return true;
      case Tag.Int32:
        return input.i32();
      case Tag.Float64:
        return input.f64();
      case Tag.String:
      case Tag.StringRef:
        return this.#string(tag);
      case Tag.Array: {
        const n = input.varint();
        const out = new Array<unknown>(n);
        for (let i = 0; i < n; i++) out[i] = this.value();
        return out;
      }
      case Tag.Record: {
        const n = input.varint();
        const out: Record<string, unknown> = {};
        for (let i = 0; i < n; i++) {
          const key = this.#string(input.u8());
          out[key] = this.value();
        }
        return out;
      }
      case Tag.Map: {
        const n = input.varint();
        const out = new Map<unknown, unknown>();
        for (let i = 0; i < n; i++) {
          const key = this.value();
          out.set(key, this.value());
        }
        return out;
      }
      case Tag.Set: {
        const n = input.varint();
        const out = new Set<unknown>();
        for (let i = 0; i < n; i++) out.add(this.value());
        return out;
      }
      case Tag.BigInt:
        return BigInt(input.string());
      case Tag.Date:
        return new Date(input.f64());
      case Tag.Float64Array: {
        const n = input.varint();
        const bytes = input.bytes(n * 8);
        return new Float64Array(bytes.buffer, bytes.byteOffset, n);
      }
      case Tag.Uint8Array:
        return input.bytes(input.varint());
      default:
        throw new TypeError(`unknown value tag ${String(tag)} in a binary snapshot`);
    }
  }

  #string(tag: number): string {
    if (tag === Tag.StringRef) {
      const s = this.#strings[this.input.varint()];
      if (s === undefined) throw new TypeError('a string reference before its string');
      return s;
    }
    if (tag !== Tag.String) throw new TypeError(`expected a string, found tag ${String(tag)}`);
    const s = this.input.string();
    if (s.length <= SHORT_STRING && this.#strings.length < MAX_STRINGS) this.#strings.push(s);
    return s;
  }
}
