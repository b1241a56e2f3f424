// Tests of the unique batch windows: lengthBatch/firstLengthBatch, timeBatch/firstTimeBatch
// and timeLengthBatch — batches of one event per key, flushes stamped with the flush time,
// the previous batch expired before a reset and the new batch, snapshot/restore.

import { describe, expect, it } from 'vitest';
import { uniqueFirstLengthBatchWindow, uniqueLengthBatchWindow } from './length-batch-window.js';
import { attributeArgument, constantArgument, harness } from './test-kit.js';
import { uniqueFirstTimeBatchWindow, uniqueTimeBatchWindow } from './time-batch-window.js';
import { uniqueTimeLengthBatchWindow } from './time-length-batch-window.js';

const symbol = attributeArgument('symbol', 0, 'string');

describe('unique:lengthBatch', () => {
  it('flushes once N keys are collected, the latest event of each', () => {
    const h = harness(uniqueLengthBatchWindow, [symbol, constantArgument(2)]);
    h.send(['IBM', 1], ['IBM', 2], ['WSO2', 3]);
    h.sleep(10);
    h.send(['ORCL', 4], ['ORCL', 5], ['IBM', 6]);
    const chunks = h.takeEvents();
    expect(chunks.map((c) => c.map((e) => [e.type, ...e.data]))).toEqual([
      [['reset'], ['current', 'IBM', 2], ['current', 'WSO2', 3]],
      [
        ['expired', 'IBM', 2],
        ['expired', 'WSO2', 3],
        ['reset'],
        ['current', 'ORCL', 5],
        ['current', 'IBM', 6],
      ],
    ]);
    expect(chunks[1]?.map((e) => e.timestamp)).toEqual([10, 10, 10, 10, 10]);
    expect(h.processor.contents().map((e) => e.data)).toEqual([
      ['ORCL', 5],
      ['IBM', 6],
    ]);
  });

  it('firstLengthBatch keeps the first event of each key', () => {
    const h = harness(uniqueFirstLengthBatchWindow, [symbol, constantArgument(2)]);
    h.sendChunk([
      ['IBM', 1],
      ['IBM', 2],
      ['WSO2', 3],
    ]);
    expect(h.take()).toEqual([[['reset'], ['current', 'IBM', 1], ['current', 'WSO2', 3]]]);
  });

  it('restores its state', () => {
    const h = harness(uniqueLengthBatchWindow, [symbol, constantArgument(2)]);
    h.send(['IBM', 1], ['WSO2', 2], ['ORCL', 3]);
    const g = harness(uniqueLengthBatchWindow, [symbol, constantArgument(2)]);
    g.processor.restore(structuredClone(h.processor.snapshot()));
    g.send(['GOOG', 4]);
    expect(g.take()).toEqual([
      [
        ['expired', 'IBM', 1],
        ['expired', 'WSO2', 2],
        ['reset'],
        ['current', 'ORCL', 3],
        ['current', 'GOOG', 4],
      ],
    ]);
  });
});

describe('unique:timeBatch', () => {
  it('flushes every period the latest event of each key, stamped with the flush time', () => {
    const h = harness(uniqueTimeBatchWindow, [symbol, constantArgument(1000)]);
    h.send(['IBM', 1], ['WSO2', 2], ['IBM', 3]);
    expect(h.take()).toEqual([]);
    h.sleep(1000);
    const [first] = h.takeEvents();
    expect(first?.map((e) => [e.type, e.timestamp, ...e.data])).toEqual([
      ['reset', 1000],
      ['current', 1000, 'IBM', 3],
      ['current', 1000, 'WSO2', 2],
    ]);
    h.send(['ORCL', 4]);
    h.sleep(1000);
    expect(h.take()).toEqual([
      [['expired', 'IBM', 3], ['expired', 'WSO2', 2], ['reset'], ['current', 'ORCL', 4]],
    ]);
    h.sleep(1000);
    expect(h.take()).toEqual([[['expired', 'ORCL', 4]]]);
    h.sleep(1000);
    expect(h.take()).toEqual([]);
    h.stop();
  });

  it('firstTimeBatch keeps the first event of each key', () => {
    const h = harness(uniqueFirstTimeBatchWindow, [symbol, constantArgument(1000)]);
    h.send(['IBM', 1], ['IBM', 2]);
    h.sleep(1000);
    expect(h.take()).toEqual([[['reset'], ['current', 'IBM', 1]]]);
    h.stop();
  });

  it('aligns the batches to start.time', () => {
    const h = harness(
      uniqueTimeBatchWindow,
      [symbol, constantArgument(1000), constantArgument(0)],
      {
        start: 250,
      },
    );
    h.send(['IBM', 1]);
    h.sleep(749);
    expect(h.take()).toEqual([]);
    h.sleep(1);
    expect(h.take()).toEqual([[['reset'], ['current', 'IBM', 1]]]);
    h.stop();
  });

  it('restores its state and re-arms its timer', () => {
    const h = harness(uniqueTimeBatchWindow, [symbol, constantArgument(1000)]);
    h.send(['IBM', 1]);
    const state = structuredClone(h.processor.snapshot());
    h.stop();
    const g = harness(uniqueTimeBatchWindow, [symbol, constantArgument(1000)]);
    g.processor.restore(state);
    g.sleep(1000);
    expect(g.take()).toEqual([[['reset'], ['current', 'IBM', 1]]]);
    g.stop();
  });
});

describe('unique:timeLengthBatch', () => {
  it('flushes by count, skips events until the next tick, then batches by time', () => {
    const h = harness(uniqueTimeLengthBatchWindow, [
      symbol,
      constantArgument(1000),
      constantArgument(2),
    ]);
    h.send(['IBM', 1], ['WSO2', 2]);
    expect(h.take()).toEqual([[['reset'], ['current', 'IBM', 1], ['current', 'WSO2', 2]]]);
    h.send(['ORCL', 3]);
    h.sleep(1000);
    h.send(['ORCL', 4]);
    expect(h.take()).toEqual([]);
    h.sleep(1000);
    expect(h.take()).toEqual([
      [['expired', 'IBM', 1], ['expired', 'WSO2', 2], ['reset'], ['current', 'ORCL', 4]],
    ]);
    h.stop();
  });

  it('takes start.time before the length in its four-argument form', () => {
    const h = harness(
      uniqueTimeLengthBatchWindow,
      [symbol, constantArgument(1000), constantArgument(0), constantArgument(5)],
      { start: 400 },
    );
    h.send(['IBM', 1], ['IBM', 2]);
    h.sleep(600);
    expect(h.take()).toEqual([[['reset'], ['current', 'IBM', 2]]]);
    h.stop();
  });

  it('restores its state', () => {
    const h = harness(uniqueTimeLengthBatchWindow, [
      symbol,
      constantArgument(1000),
      constantArgument(2),
    ]);
    h.send(['IBM', 1], ['WSO2', 2]);
    const state = structuredClone(h.processor.snapshot());
    h.stop();
    const g = harness(uniqueTimeLengthBatchWindow, [
      symbol,
      constantArgument(1000),
      constantArgument(2),
    ]);
    g.processor.restore(state);
    g.send(['ORCL', 3]);
    expect(g.take()).toEqual([]);
    g.stop();
  });
});
