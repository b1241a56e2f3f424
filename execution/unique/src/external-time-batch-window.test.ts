// Tests of unique:externalTimeBatch: batches over an event-time attribute with one event per
// key, start.time alignment, the time.out flush and late re-emission, batch-end replacement.

import { describe, expect, it } from 'vitest';
import { uniqueExternalTimeBatchWindow } from './external-time-batch-window.js';
import { attributeArgument, constantArgument, harness } from './test-kit.js';

const ts = attributeArgument('ts', 0, 'long');
const key = attributeArgument('ip', 1, 'string');
const second = constantArgument(1000, 'long');

describe('unique:externalTimeBatch', () => {
  it('flushes when an event reaches the batch end, keeping the latest event per key', () => {
    const h = harness(uniqueExternalTimeBatchWindow, [key, ts, second]);
    h.send([0, 'a'], [500, 'b'], [600, 'a'], [1000, 'c'], [2100, 'd']);
    expect(h.take()).toEqual([
      [['reset'], ['current', 600, 'a'], ['current', 500, 'b']],
      [['expired', 600, 'a'], ['expired', 500, 'b'], ['reset'], ['current', 1000, 'c']],
    ]);
    expect(h.processor.contents().map((e) => e.data)).toEqual([[1000, 'c']]);
  });

  it('aligns batch ends to start.time', () => {
    const h = harness(uniqueExternalTimeBatchWindow, [
      key,
      ts,
      second,
      constantArgument(300, 'long'),
    ]);
    h.send([1000, 'a'], [1300, 'b']);
    expect(h.take()).toEqual([[['reset'], ['current', 1000, 'a']]]);
  });

  it('flushes the open batch on time.out and re-emits it with late events', () => {
    const h = harness(
      uniqueExternalTimeBatchWindow,
      [key, ts, second, constantArgument(0, 'long'), constantArgument(2000, 'long')],
      { expiredEventsWanted: false },
    );
    h.send([0, 'a']);
    h.sleep(2000);
    expect(h.take()).toEqual([[['reset'], ['current', 0, 'a']]]);
    h.send([500, 'a'], [600, 'b']);
    h.sleep(2000);
    expect(h.take()).toEqual([[['reset'], ['current', 500, 'a'], ['current', 600, 'b']]]);
    h.stop();
  });

  it('replaces the timestamp with the batch end', () => {
    const h = harness(uniqueExternalTimeBatchWindow, [
      key,
      ts,
      second,
      constantArgument(0, 'long'),
      constantArgument(0, 'long'),
      constantArgument(true),
    ]);
    h.send([10, 'a'], [1200, 'b']);
    expect(h.take()).toEqual([[['reset'], ['current', 1000, 'a']]]);
  });

  it('restores its state', () => {
    const h = harness(uniqueExternalTimeBatchWindow, [key, ts, second]);
    h.send([0, 'a'], [100, 'b']);
    const g = harness(uniqueExternalTimeBatchWindow, [key, ts, second]);
    g.processor.restore(structuredClone(h.processor.snapshot()));
    g.send([1000, 'c']);
    expect(g.take()).toEqual([[['reset'], ['current', 0, 'a'], ['current', 100, 'b']]]);
  });
});
