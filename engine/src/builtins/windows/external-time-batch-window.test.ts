import { describe, expect, it } from 'vitest';
import {
  attributeArgument,
  constantArgument,
  windowHarness,
} from '../../runtime/window/window-harness.js';
import { externalTimeBatchWindow } from './external-time-batch-window.js';

const ts = attributeArgument('ts', 0, 'long');
const second = constantArgument(1000, 'long');

describe('externalTimeBatch window', () => {
  it('flushes when an event reaches the batch end', () => {
    const h = windowHarness(externalTimeBatchWindow, [ts, second]);
    h.send([0, 'a'], [500, 'b'], [1000, 'c'], [2100, 'd']);
    expect(h.take()).toEqual([
      [['reset'], ['current', 0, 'a'], ['current', 500, 'b']],
      [['expired', 0, 'a'], ['expired', 500, 'b'], ['reset'], ['current', 1000, 'c']],
    ]);
  });

  it('aligns batch ends to start.time', () => {
    const h = windowHarness(externalTimeBatchWindow, [ts, second, constantArgument(300, 'long')]);
    h.send([1000, 'a'], [1300, 'b']);
    expect(h.take()).toEqual([[['reset'], ['current', 1000, 'a']]]);
  });

  it('flushes the open batch on timeout and re-emits it with late events', () => {
    const h = windowHarness(
      externalTimeBatchWindow,
      [ts, second, constantArgument(0, 'long'), constantArgument(2000, 'long')],
      { expiredEventsWanted: false },
    );
    h.send([0, 'a']);
    h.sleep(2000);
    expect(h.take()).toEqual([[['reset'], ['current', 0, 'a']]]);
    h.send([500, 'late']);
    h.sleep(2000);
    expect(h.take()).toEqual([[['reset'], ['current', 0, 'a'], ['current', 500, 'late']]]);
  });

  it('replaces the timestamp with the batch end', () => {
    const h = windowHarness(externalTimeBatchWindow, [
      ts,
      second,
      constantArgument(0, 'long'),
      constantArgument(0, 'long'),
      constantArgument(true),
    ]);
    h.send([10, 'a'], [1200, 'b']);
    expect(h.take()).toEqual([[['reset'], ['current', 1000, 'a']]]);
  });
});
