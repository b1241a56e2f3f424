import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  crc32c,
  encodeProduceRequest,
  encodeRecordBatch,
  type ProduceRecord,
} from './record-batch.js';

// kafkajs's own encoders, to check ours byte for byte (they are not part of its typed API).
const require = createRequire(import.meta.url);
interface KafkajsEncoder {
  readonly buffer: Buffer;
}
const kafkajsRecord = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (
  record: object,
) => KafkajsEncoder;
const { RecordBatch: kafkajsRecordBatch } =
  require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
    RecordBatch: (batch: object) => Promise<KafkajsEncoder>;
  };
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C/index.js') as (
  buffer: Buffer,
) => number;

/** kafkajs's encoding of `records` (what its producer sends for them). */
async function kafkajsBatch(records: readonly ProduceRecord[], timestamp: number): Promise<Buffer> {
  const encoded = await kafkajsRecordBatch({
    records: records.map((r, i) => kafkajsRecord({ ...r, offsetDelta: i, timestampDelta: 0 })),
    firstTimestamp: timestamp,
    maxTimestamp: timestamp,
    lastOffsetDelta: records.length - 1,
  });
  return encoded.buffer;
}

describe('record batches', () => {
  it('computes CRC-32C as Kafka does', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    const bytes = Buffer.from(Array.from({ length: 1_000 }, (_, i) => (i * 7919) % 256));
    for (const end of [0, 1, 7, 8, 9, 999, 1_000]) {
      expect(crc32c(bytes, 0, end)).toBe(kafkajsCrc32c(bytes.subarray(0, end)) >>> 0);
    }
    expect(crc32c(bytes, 3, 500)).toBe(kafkajsCrc32c(bytes.subarray(3, 500)) >>> 0);
  });

  it('encodes records exactly as kafkajs does: values, keys, nulls, headers, multi-byte text', async () => {
    const records: ProduceRecord[] = [
      { value: '{"event":{"symbol":"IBM","price":55.5}}' },
      { key: 'IBM', value: 'é€😀 ' + 'x'.repeat(300) },
      { key: Buffer.from([1, 2, 3]), value: null },
      { value: Buffer.from('bytes'), headers: { a: '1', b: ['x', Buffer.from('y')] } },
      ...Array.from({ length: 200 }, (_, i) => ({ value: `v${String(i)}` })),
    ];
    const timestamp = 1_700_000_000_123;
    const ours = encodeRecordBatch(records, timestamp);
    expect(ours.equals(await kafkajsBatch(records, timestamp))).toBe(true);
  });

  it('frames a produce request v3 around one batch per topic partition', () => {
    const a: ProduceRecord[] = [{ value: 'a1' }, { value: 'a2' }];
    const b: ProduceRecord[] = [{ value: 'b1' }];
    const timestamp = 42;
    const request = encodeProduceRequest(
      [
        {
          topic: 'tA',
          partitions: [
            { partition: 0, records: a },
            { partition: 3, records: b },
          ],
        },
      ],
      1,
      30_000,
      timestamp,
    );
    const batchA = encodeRecordBatch(a, timestamp);
    const batchB = encodeRecordBatch(b, timestamp);
    const expected = Buffer.concat([
      Buffer.from([0xff, 0xff, 0, 1, 0, 0, 0x75, 0x30, 0, 0, 0, 1, 0, 2]),
      Buffer.from('tA'),
      Buffer.from([0, 0, 0, 2, 0, 0, 0, 0]),
      Buffer.from([0, 0, 0, batchA.length]),
      batchA,
      Buffer.from([0, 0, 0, 3, 0, 0, 0, batchB.length]),
      batchB,
    ]);
    expect(request.equals(expected)).toBe(true);
  });
});
