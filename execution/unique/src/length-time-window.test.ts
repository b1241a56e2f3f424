// Tests of unique:length and unique:time: replacement of a key's event, expiry of the oldest
// (length) or of events older than the window (time, on the virtual clock), snapshot/restore.

import { describe, expect, it } from 'vitest';
import { uniqueLengthWindow } from './length-window.js';
import { attributeArgument, constantArgument, harness } from './test-kit.js';
import { uniqueTimeWindow } from './time-window.js';

const symbol = attributeArgument('symbol', 0, 'string');

describe('unique:length', () => {
  it('replaces a held key and expires the oldest event of a full window', () => {
    const h = harness(uniqueLengthWindow, [symbol, constantArgument(2)]);
    h.send(['IBM', 1], ['WSO2', 2], ['IBM', 3], ['ORCL', 4]);
    expect(h.take()).toEqual([
      [['current', 'IBM', 1]],
      [['current', 'WSO2', 2]],
      [
        ['expired', 'IBM', 1],
        ['current', 'IBM', 3],
      ],
      [
        ['expired', 'WSO2', 2],
        ['current', 'ORCL', 4],
      ],
    ]);
    expect(h.processor.contents().map((e) => e.data)).toEqual([
      ['IBM', 3],
      ['ORCL', 4],
    ]);
  });

  it('lets a key come back after it was pushed out, once', () => {
    const h = harness(uniqueLengthWindow, [symbol, constantArgument(1)]);
    h.send(['IBM', 1], ['WSO2', 2], ['IBM', 3]);
    expect(h.take()).toEqual([
      [['current', 'IBM', 1]],
      [
        ['expired', 'IBM', 1],
        ['current', 'WSO2', 2],
      ],
      [
        ['expired', 'WSO2', 2],
        ['current', 'IBM', 3],
      ],
    ]);
  });

  it('restores its state', () => {
    const h = harness(uniqueLengthWindow, [symbol, constantArgument(2)]);
    h.send(['IBM', 1], ['WSO2', 2]);
    const g = harness(uniqueLengthWindow, [symbol, constantArgument(2)]);
    g.processor.restore(structuredClone(h.processor.snapshot()));
    g.send(['ORCL', 3]);
    expect(g.take()).toEqual([
      [
        ['expired', 'IBM', 1],
        ['current', 'ORCL', 3],
      ],
    ]);
  });

  it('rejects a length below 1', () => {
    expect(() => harness(uniqueLengthWindow, [symbol, constantArgument(0)])).toThrow(/at least 1/);
  });
});

describe('unique:time', () => {
  it('replaces a held key and expires events older than the window', () => {
    const h = harness(uniqueTimeWindow, [symbol, constantArgument(1000)]);
    h.send(['IBM', 1]);
    h.sleep(500);
    h.send(['WSO2', 2], ['IBM', 3]);
    expect(h.take()).toEqual([
      [['current', 'IBM', 1]],
      [['current', 'WSO2', 2]],
      [
        ['expired', 'IBM', 1],
        ['current', 'IBM', 3],
      ],
    ]);
    h.sleep(999);
    expect(h.take()).toEqual([]);
    h.sleep(1);
    const [chunk] = h.takeEvents();
    expect(chunk?.map((e) => [e.type, e.timestamp, ...e.data])).toEqual([
      ['expired', 1500, 'WSO2', 2],
      ['expired', 1500, 'IBM', 3],
    ]);
    expect(h.processor.contents()).toEqual([]);
  });

  it('expires due events before a new one is added', () => {
    const h = harness(uniqueTimeWindow, [symbol, constantArgument(100)]);
    h.send(['IBM', 1]);
    h.stop();
    h.clock.advanceTo(200);
    h.send(['IBM', 2]);
    expect(h.take()).toEqual([
      [['current', 'IBM', 1]],
      [
        ['expired', 'IBM', 1],
        ['current', 'IBM', 2],
      ],
    ]);
  });

  it('restores its state and re-arms its timers', () => {
    const h = harness(uniqueTimeWindow, [symbol, constantArgument(1000)]);
    h.send(['IBM', 1]);
    const g = harness(uniqueTimeWindow, [symbol, constantArgument(1000)]);
    g.processor.restore(structuredClone(h.processor.snapshot()));
    g.sleep(1000);
    expect(g.take()).toEqual([[['expired', 'IBM', 1]]]);
  });
});
