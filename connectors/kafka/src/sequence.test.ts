// Siddhi's sequence header: text and binary framing, reading it back, and duplicate detection.

import { describe, expect, it } from 'vitest';
import { readSequence, SequenceHeaderError, SequenceTracker, withSequence } from './sequence.js';

describe('withSequence / readSequence', () => {
  it('prefixes text with <id>:<no>~ and reads it back', () => {
    const framed = withSequence('{"a":1}', 'sink-1', 7);
    expect(framed).toBe('sink-1:7~{"a":1}');
    expect(readSequence(framed)).toEqual({ sequenceId: 'sink-1', sequenceNo: 7, body: '{"a":1}' });
  });

  it('frames bytes as Siddhi does: int32 header length, header, body', () => {
    const body = new Uint8Array([1, 2, 3]);
    const framed = withSequence(body, 's', 12);
    expect(framed).toBeInstanceOf(Uint8Array);
    const bytes = framed as Uint8Array;
    const header = 's:12~';
    expect(new DataView(bytes.buffer).getInt32(0)).toBe(header.length);
    expect(Buffer.from(bytes.subarray(4, 4 + header.length)).toString()).toBe(header);
    const read = readSequence(bytes);
    expect(read.sequenceId).toBe('s');
    expect(read.sequenceNo).toBe(12);
    expect([...(read.body as Uint8Array)]).toEqual([1, 2, 3]);
  });

  it('refuses payloads without a header', () => {
    expect(() => readSequence('{"a":1}')).toThrow(SequenceHeaderError);
    expect(() => readSequence('x:y~{}')).toThrow(/not a sequence header/);
    expect(() => readSequence(new Uint8Array([0, 0, 0, 40, 1]))).toThrow(SequenceHeaderError);
  });
});

describe('SequenceTracker', () => {
  it('accepts each number once per sequence id and partition', () => {
    const seen = new SequenceTracker();
    expect(seen.accept('a', 0, 0)).toBe(true);
    expect(seen.accept('a', 0, 1)).toBe(true);
    expect(seen.accept('a', 0, 1)).toBe(false);
    expect(seen.accept('a', 0, 0)).toBe(false);
    expect(seen.accept('a', 1, 0)).toBe(true);
    expect(seen.accept('b', 0, 0)).toBe(true);
  });

  it('keeps its positions in snapshots', () => {
    const seen = new SequenceTracker();
    seen.accept('a', 0, 5);
    const restored = new SequenceTracker();
    restored.restore(seen.snapshot());
    expect(restored.accept('a', 0, 5)).toBe(false);
    expect(restored.accept('a', 0, 6)).toBe(true);
  });
});
