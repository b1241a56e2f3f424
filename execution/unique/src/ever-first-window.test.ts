// Tests of unique:ever and unique:first: one event per key, replacement with expiry (ever),
// first occurrences only (first), composite keys, snapshot/restore.

import { describe, expect, it } from 'vitest';
import { uniqueEverWindow } from './ever-window.js';
import { uniqueFirstWindow } from './first-window.js';
import { attributeArgument, harness } from './test-kit.js';

const symbol = attributeArgument('symbol', 0, 'string');
const id = attributeArgument('id', 1, 'string');

describe('unique:ever', () => {
  it('expires the held event of a key just before its replacement', () => {
    const h = harness(uniqueEverWindow, [symbol]);
    h.send(['IBM', 1], ['WSO2', 2]);
    h.sleep(50);
    h.send(['IBM', 3]);
    const chunks = h.takeEvents();
    expect(chunks.map((c) => c.map((e) => [e.type, ...e.data]))).toEqual([
      [['current', 'IBM', 1]],
      [['current', 'WSO2', 2]],
      [
        ['expired', 'IBM', 1],
        ['current', 'IBM', 3],
      ],
    ]);
    expect(chunks[2]?.[0]?.timestamp).toBe(50);
    expect(h.processor.contents().map((e) => e.data)).toEqual([
      ['WSO2', 2],
      ['IBM', 3],
    ]);
  });

  it('keys on the combination of several attributes', () => {
    const h = harness(uniqueEverWindow, [symbol, id]);
    h.sendChunk([
      ['a', 'x'],
      ['a', 'y'],
      ['a', 'x'],
    ]);
    expect(h.take()).toEqual([
      [
        ['current', 'a', 'x'],
        ['current', 'a', 'y'],
        ['expired', 'a', 'x'],
        ['current', 'a', 'x'],
      ],
    ]);
  });

  it('restores its state', () => {
    const h = harness(uniqueEverWindow, [symbol]);
    h.send(['IBM', 1]);
    const g = harness(uniqueEverWindow, [symbol]);
    g.processor.restore(structuredClone(h.processor.snapshot()));
    g.send(['IBM', 2]);
    expect(g.take()).toEqual([
      [
        ['expired', 'IBM', 1],
        ['current', 'IBM', 2],
      ],
    ]);
  });
});

describe('unique:first', () => {
  it('passes the first event of each key only and never expires', () => {
    const h = harness(uniqueFirstWindow, [symbol]);
    h.send(['IBM', 1], ['IBM', 2], ['WSO2', 3]);
    h.sendChunk([
      ['IBM', 4],
      ['ORCL', 5],
    ]);
    expect(h.take()).toEqual([
      [['current', 'IBM', 1]],
      [['current', 'WSO2', 3]],
      [['current', 'ORCL', 5]],
    ]);
    expect(h.processor.contents().map((e) => e.data[1])).toEqual([1, 3, 5]);
  });

  it('restores its state', () => {
    const h = harness(uniqueFirstWindow, [symbol, id]);
    h.send(['IBM', 'a']);
    const g = harness(uniqueFirstWindow, [symbol, id]);
    g.processor.restore(structuredClone(h.processor.snapshot()));
    g.send(['IBM', 'a'], ['IBM', 'b']);
    expect(g.take()).toEqual([[['current', 'IBM', 'b']]]);
  });
});
