// Record properties (`trp:`), header lists, and the list options of the Kafka source and sink.

import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  headerList,
  parseHeaders,
  partitionNumbers,
  recordPayload,
  topicOffsets,
  transportReader,
} from './kafka-transport.js';

const message: KafkaMessage = {
  key: Buffer.from('IBM'),
  value: Buffer.from('{"price":1}'),
  timestamp: '1700000000000',
  attributes: 0,
  offset: '42',
  headers: { trace: Buffer.from('t-1'), tags: [Buffer.from('a'), Buffer.from('b')] },
};

describe('transportReader', () => {
  it('computes only the requested properties, reading other names from the headers', () => {
    const read = transportReader(
      ['topic', 'partition', 'key', 'offset', 'trace', 'missing'],
      () => 7,
    );
    expect(read('stocks', 3, message)).toEqual({
      topic: 'stocks',
      partition: '3',
      key: 'IBM',
      offset: '42',
      trace: 't-1',
      missing: undefined,
    });
  });

  it("gives 'null' for a record without a key, as Siddhi does", () => {
    const read = transportReader(['key', 'event.timestamp', 'record.timestamp'], () => 7);
    expect(read('t', 0, { ...message, key: null })).toEqual({
      key: 'null',
      'event.timestamp': '7',
      'record.timestamp': '1700000000000',
    });
  });

  it('shares one empty object when nothing is requested', () => {
    const read = transportReader([], () => 0);
    expect(read('t', 0, message)).toBe(read('u', 1, message));
  });
});

describe('headerList / parseHeaders', () => {
  it("writes and reads the 'name:value','name:value' format", () => {
    expect(headerList(message.headers)).toBe("'trace:t-1','tags:a,b'");
    expect(parseHeaders("'source:tributary','symbol:IBM'")).toEqual({
      source: 'tributary',
      symbol: 'IBM',
    });
    expect(parseHeaders('')).toEqual({});
    expect(() => parseHeaders("'nocolon'")).toThrow(/is not 'name:value'/);
  });
});

describe('recordPayload', () => {
  it('hands over text, bytes or null', () => {
    expect(recordPayload(message, false)).toBe('{"price":1}');
    expect(Buffer.isBuffer(recordPayload(message, true))).toBe(true);
    expect(recordPayload({ ...message, value: null }, false)).toBeNull();
  });
});

describe('list options', () => {
  it('reads partition.no.list, ignoring the trailing comma of Siddhi examples', () => {
    expect(partitionNumbers(['0', '1', '2', ''])).toEqual([0, 1, 2]);
    expect(() => partitionNumbers(['x'])).toThrow(/'x' is not a partition number/);
  });

  it('reads topic.offsets.map for listed topics only', () => {
    expect([...topicOffsets('stocks=100,trades=50', ['stocks', 'trades'])]).toEqual([
      ['stocks', 100],
      ['trades', 50],
    ]);
    expect(() => topicOffsets('other=1', ['stocks'])).toThrow(/not in 'topic.list'/);
    expect(() => topicOffsets('stocks', ['stocks'])).toThrow(/is not '<topic>=<offset>'/);
  });
});
