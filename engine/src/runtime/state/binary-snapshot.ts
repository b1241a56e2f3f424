// The binary snapshot file: `TRBS` and a format byte, the snapshot header (app, kind, time,
// fingerprint) as one encoded value, then each holder as `1, id, state` and a closing `0`. Each
// holder's state is encoded on its own (string references restart), so its digest only depends
// on its state. JSON snapshots start with `{`: readers tell the two apart by the first bytes.

import {
  BinaryDecoder,
  BinaryEncoder,
  bytesSource,
  ChunkReader,
  ChunkWriter,
  type ByteSource,
} from './binary-codec.js';
import { DecodedSnapshot, type SnapshotHeader, type SnapshotSink } from './app-snapshot.js';

/** The first bytes of a binary snapshot: `TRBS` and the container version. */
export const BINARY_SNAPSHOT_MAGIC: readonly number[] = [0x54, 0x52, 0x42, 0x53, 0x01];

const HOLDER = 1;
const END = 0;

/**
 * Writes a snapshot in the binary format to `sink`, chunk by chunk, as it is taken.
 * @example
 * snapshots.write({}, baseline, new BinarySnapshotSink((chunk) => file.write(chunk)));
 */
export class BinarySnapshotSink implements SnapshotSink {
  readonly #out: ChunkWriter;
  readonly #encoder: BinaryEncoder;

  constructor(sink: (chunk: Uint8Array) => void, chunkSize?: number) {
    this.#out = new ChunkWriter(sink, chunkSize);
    this.#encoder = new BinaryEncoder(this.#out);
  }

  begin(header: SnapshotHeader): void {
    for (const b of BINARY_SNAPSHOT_MAGIC) this.#out.u8(b);
    this.#encoder.value(header);
  }

  holder(id: string, state: unknown): string {
    this.#out.u8(HOLDER);
    this.#encoder.resetStrings();
    this.#encoder.value(id);
    this.#encoder.resetStrings();
    this.#out.beginDigest();
    this.#encoder.value(state);
    return this.#out.endDigest();
  }

  digest(state: unknown): string {
    const out = new ChunkWriter(() => undefined, 1 << 16);
    out.beginDigest();
    new BinaryEncoder(out).value(state);
    return out.endDigest();
  }

  end(): void {
    this.#out.u8(END);
    this.#out.close();
  }

  /** Bytes written so far. */
  get written(): number {
    return this.#out.written;
  }
}

/** True when `bytes` begin like a binary snapshot. */
export function isBinarySnapshot(bytes: Uint8Array): boolean {
  return BINARY_SNAPSHOT_MAGIC.every((b, i) => bytes[i] === b);
}

function isHeader(value: unknown): value is SnapshotHeader {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a binary snapshot whose magic bytes were already consumed from `input`. */
function readBody(input: ChunkReader): DecodedSnapshot {
  const decoder = new BinaryDecoder(input);
  const header = decoder.value();
  if (!isHeader(header)) throw new TypeError('the binary snapshot has no header');
  const holders: Record<string, unknown> = {};
  for (;;) {
    const marker = input.u8();
    if (marker === END) break;
    if (marker !== HOLDER) throw new TypeError(`unexpected byte ${String(marker)} between holders`);
    decoder.resetStrings();
    const id = decoder.value();
    if (typeof id !== 'string') throw new TypeError('a holder id is not a string');
    decoder.resetStrings();
    holders[id] = decoder.value();
  }
  return new DecodedSnapshot(header, holders);
}

/**
 * Reads one snapshot, binary or JSON, from `source`: a binary one is decoded as it streams in; a
 * JSON one is read whole and parsed (its tagged values are decoded when restored).
 * @example
 * const snapshot = readSnapshot(bytesSource(bytes)); app.restore(snapshot);
 */
export function readSnapshot(source: ByteSource): unknown {
  const input = new ChunkReader(source);
  const magic = BINARY_SNAPSHOT_MAGIC.length;
  const head: number[] = [];
  while (head.length < magic && !input.atEnd()) head.push(input.u8());
  if (head.length === magic && head.every((b, i) => b === BINARY_SNAPSHOT_MAGIC[i])) {
    return readBody(input);
  }
  const parts = [Uint8Array.from(head), ...input.drain()];
  return JSON.parse(new TextDecoder().decode(concat(parts))) as unknown;
}

/** Reads a snapshot from bytes in memory (see `readSnapshot`). */
export function readSnapshotBytes(bytes: Uint8Array): unknown {
  if (!isBinarySnapshot(bytes)) return JSON.parse(new TextDecoder().decode(bytes)) as unknown;
  return readSnapshot(bytesSource(bytes));
}

/** One array of the bytes of `parts`, in order. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
