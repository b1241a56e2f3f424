// Kafka's produce request (v3) and record batch (magic 2) encoded straight into one buffer:
// sizes first, then one allocation and in-place writes. kafkajs builds an encoder (a zeroed
// 512-byte buffer), a Long and several objects per record and copies each record twice, which
// made producing most of a Kafka pipeline's CPU time.

import type { IHeaders } from 'kafkajs';

/** One record to produce (what the kafka sink builds per payload). */
export interface ProduceRecord {
  readonly key?: string | Buffer | null;
  readonly value: string | Buffer | null;
  readonly headers?: IHeaders;
}

/** The records of one partition of a topic in a produce request. */
export interface PartitionRecords {
  readonly partition: number;
  readonly records: readonly ProduceRecord[];
}

/** The partitions of one topic in a produce request. */
export interface TopicRecords {
  readonly topic: string;
  readonly partitions: readonly PartitionRecords[];
}

/** Bytes of a record batch before its records (offset … record count). */
const BATCH_HEADER_BYTES = 61;
/** Where the CRC-covered part of a batch starts (attributes onwards). */
const CRC_START = 21;

/** CRC-32C (Castagnoli) tables for slicing by 8: table k at [k * 256, (k + 1) * 256). */
const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    table[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n += 1) {
    let c = table[n] ?? 0;
    for (let k = 1; k < 8; k += 1) {
      c = (table[c & 0xff] ?? 0) ^ (c >>> 8);
      table[k * 256 + n] = c >>> 0;
    }
  }
  return table;
})();

/**
 * The CRC-32C of `bytes[start, end)`, as Kafka's record batches carry it.
 * @example
 * crc32c(Buffer.from('123456789')) // 0xe3069283
 */
export function crc32c(bytes: Buffer, start = 0, end = bytes.length): number {
  const t = CRC_TABLE;
  let crc = 0xffffffff;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const a = crc ^ bytes.readInt32LE(i);
    crc =
      (t[0x700 + (a & 0xff)] ?? 0) ^
      (t[0x600 + ((a >>> 8) & 0xff)] ?? 0) ^
      (t[0x500 + ((a >>> 16) & 0xff)] ?? 0) ^
      (t[0x400 + (a >>> 24)] ?? 0) ^
      (t[0x300 + (bytes[i + 4] ?? 0)] ?? 0) ^
      (t[0x200 + (bytes[i + 5] ?? 0)] ?? 0) ^
      (t[0x100 + (bytes[i + 6] ?? 0)] ?? 0) ^
      (t[bytes[i + 7] ?? 0] ?? 0);
  }
  for (; i < end; i += 1) crc = (t[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Bytes of a zigzag varint (values within int32). */
function varintSize(value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  let bytes = 1;
  while (v >= 0x80) {
    bytes += 1;
    v >>>= 7;
  }
  return bytes;
}

function writeVarint(buffer: Buffer, offset: number, value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  let at = offset;
  while (v >= 0x80) {
    buffer[at] = (v & 0x7f) | 0x80;
    at += 1;
    v >>>= 7;
  }
  buffer[at] = v;
  return at + 1;
}

/** Bytes of a value as `varint length + bytes` (null: length -1). */
function bytesSize(value: string | Buffer | null | undefined): number {
  if (value === null || value === undefined) return 1;
  const length = typeof value === 'string' ? Buffer.byteLength(value) : value.length;
  return varintSize(length) + length;
}

function writeBytes(
  buffer: Buffer,
  offset: number,
  value: string | Buffer | null | undefined,
): number {
  if (value === null || value === undefined) return writeVarint(buffer, offset, -1);
  if (typeof value === 'string') {
    const length = Buffer.byteLength(value);
    const at = writeVarint(buffer, offset, length);
    return at + buffer.write(value, at, 'utf8');
  }
  const at = writeVarint(buffer, offset, value.length);
  return at + value.copy(buffer, at);
}

/** A record's headers as name/value pairs (array values become repeated headers). */
function headerPairs(headers: IHeaders | undefined): [string, string | Buffer][] {
  const pairs: [string, string | Buffer][] = [];
  if (headers === undefined) return pairs;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) pairs.push([name, v]);
    else pairs.push([name, value]);
  }
  return pairs;
}

/** The size of one record's body (after its length varint) at `offsetDelta`. */
function recordBodySize(
  record: ProduceRecord,
  offsetDelta: number,
  headers: [string, string | Buffer][],
): number {
  let size = 1 + 1 + varintSize(offsetDelta) + bytesSize(record.key) + bytesSize(record.value);
  size += varintSize(headers.length);
  for (const [name, value] of headers) size += bytesSize(name) + bytesSize(value);
  return size;
}

/** Bytes `encodeRecordBatch` writes for `records`, with each record's body size. */
function batchLayout(records: readonly ProduceRecord[]): {
  readonly size: number;
  readonly bodies: number[];
  readonly headers: [string, string | Buffer][][] | undefined;
} {
  const bodies = new Array<number>(records.length);
  let headers: [string, string | Buffer][][] | undefined;
  let size = BATCH_HEADER_BYTES;
  for (let i = 0; i < records.length; i += 1) {
    const record = records[i];
    if (record === undefined) continue;
    let pairs: [string, string | Buffer][] = [];
    if (record.headers !== undefined) {
      pairs = headerPairs(record.headers);
      headers ??= [];
      headers[i] = pairs;
    }
    const body = recordBodySize(record, i, pairs);
    bodies[i] = body;
    size += varintSize(body) + body;
  }
  return { size, bodies, headers };
}

/**
 * Writes a record batch (magic 2, no compression, no producer id; the fields kafkajs writes) at
 * `offset`; returns the offset after it. Every record carries `timestamp` (timestamp delta 0).
 */
function writeRecordBatch(
  buffer: Buffer,
  offset: number,
  records: readonly ProduceRecord[],
  layout: ReturnType<typeof batchLayout>,
  timestamp: number,
): number {
  const start = offset;
  buffer.writeBigInt64BE(0n, start); // base offset (the broker assigns offsets)
  buffer.writeInt32BE(layout.size - 12, start + 8); // batch length: after this field
  buffer.writeInt32BE(0, start + 12); // partition leader epoch (the broker sets it)
  buffer.writeInt8(2, start + 16); // magic
  buffer.writeInt16BE(0, start + 21); // attributes: no compression, create time
  buffer.writeInt32BE(records.length - 1, start + 23); // last offset delta
  buffer.writeBigInt64BE(BigInt(timestamp), start + 27); // first timestamp
  buffer.writeBigInt64BE(BigInt(timestamp), start + 35); // max timestamp
  buffer.writeBigInt64BE(-1n, start + 43); // producer id
  buffer.writeInt16BE(0, start + 51); // producer epoch
  buffer.writeInt32BE(0, start + 53); // base sequence (unused without a producer id)
  buffer.writeInt32BE(records.length, start + 57);
  let at = start + BATCH_HEADER_BYTES;
  for (let i = 0; i < records.length; i += 1) {
    const record = records[i];
    if (record === undefined) continue;
    at = writeVarint(buffer, at, layout.bodies[i] ?? 0);
    buffer[at] = 0; // attributes
    buffer[at + 1] = 0; // timestamp delta (varlong 0)
    at = writeVarint(buffer, at + 2, i);
    at = writeBytes(buffer, at, record.key);
    at = writeBytes(buffer, at, record.value);
    const pairs = layout.headers?.[i];
    if (pairs === undefined) {
      buffer[at] = 0;
      at += 1;
    } else {
      at = writeVarint(buffer, at, pairs.length);
      for (const [name, value] of pairs) {
        at = writeBytes(buffer, at, name);
        at = writeBytes(buffer, at, value);
      }
    }
  }
  buffer.writeUInt32BE(crc32c(buffer, start + CRC_START, at), start + 17);
  return at;
}

/**
 * A record batch of `records`, all stamped `timestamp`.
 * @example
 * encodeRecordBatch([{ value: '{"a":1}' }], Date.now()) // Buffer <00 00 … >
 */
export function encodeRecordBatch(records: readonly ProduceRecord[], timestamp: number): Buffer {
  const layout = batchLayout(records);
  const buffer = Buffer.allocUnsafe(layout.size);
  writeRecordBatch(buffer, 0, records, layout, timestamp);
  return buffer;
}

/**
 * The body of a Produce request v3 (after the request header): no transactional id, `acks`,
 * `timeoutMs`, then per topic and partition one record batch.
 * @example
 * encodeProduceRequest([{ topic: 't', partitions: [{ partition: 0, records }] }], 1, 30_000, Date.now())
 */
export function encodeProduceRequest(
  topics: readonly TopicRecords[],
  acks: number,
  timeoutMs: number,
  timestamp: number,
): Buffer {
  let size = 2 + 2 + 4 + 4;
  const layouts: ReturnType<typeof batchLayout>[][] = [];
  for (const { topic, partitions } of topics) {
    size += 2 + Buffer.byteLength(topic) + 4;
    const perPartition: ReturnType<typeof batchLayout>[] = [];
    for (const { records } of partitions) {
      const layout = batchLayout(records);
      perPartition.push(layout);
      size += 4 + 4 + layout.size;
    }
    layouts.push(perPartition);
  }
  const buffer = Buffer.allocUnsafe(size);
  let at = buffer.writeInt16BE(-1, 0); // transactional id: null
  at = buffer.writeInt16BE(acks, at);
  at = buffer.writeInt32BE(timeoutMs, at);
  at = buffer.writeInt32BE(topics.length, at);
  topics.forEach(({ topic, partitions }, t) => {
    at = buffer.writeInt16BE(Buffer.byteLength(topic), at);
    at += buffer.write(topic, at, 'utf8');
    at = buffer.writeInt32BE(partitions.length, at);
    partitions.forEach(({ partition, records }, p) => {
      const layout = layouts[t]?.[p];
      if (layout === undefined) return;
      at = buffer.writeInt32BE(partition, at);
      at = buffer.writeInt32BE(layout.size, at);
      at = writeRecordBatch(buffer, at, records, layout, timestamp);
    });
  });
  return buffer;
}
