import { describe, expect, it } from 'vitest';
import { constantArgument, windowHarness } from '../../runtime/window/window-harness.js';
import { timeBatchWindow } from './time-batch-window.js';

const second = constantArgument(1000, 'long');

describe('timeBatch window', () => {
  it('flushes at each tick: previous batch expired, reset, new batch', () => {
    const h = windowHarness(timeBatchWindow, [second]);
    h.send(['a']);
    h.sleep(500);
    h.send(['b']);
    expect(h.take()).toEqual([]);
    h.sleep(500);
    expect(h.take()).toEqual([[['reset'], ['current', 'a'], ['current', 'b']]]);
    h.send(['c']);
    h.sleep(1000);
    expect(h.take()).toEqual([[['expired', 'a'], ['expired', 'b'], ['reset'], ['current', 'c']]]);
    h.sleep(1000);
    expect(h.take()).toEqual([[['expired', 'c']]]);
    h.sleep(5000);
    expect(h.take()).toEqual([]);
    expect(h.clock.pending()).toBe(1);
  });

  it('aligns the first tick to start.time', () => {
    const h = windowHarness(timeBatchWindow, [second, constantArgument(0, 'int')], { start: 1250 });
    h.send(['a']);
    h.sleep(749);
    expect(h.take()).toEqual([]);
    h.sleep(1);
    expect(h.take()).toEqual([[['reset'], ['current', 'a']]]);
  });

  it('stream.current.event passes events and only expires them at the tick', () => {
    const h = windowHarness(timeBatchWindow, [second, constantArgument(true)]);
    h.send(['a']);
    expect(h.take()).toEqual([[['current', 'a']]]);
    h.sleep(1000);
    expect(h.take()).toEqual([[['expired', 'a'], ['reset']]]);
  });

  it('survives snapshot and restore', () => {
    const h = windowHarness(timeBatchWindow, [second]);
    h.send(['a']);
    const g = windowHarness(timeBatchWindow, [second]);
    g.window.restore(h.window.snapshot());
    g.sleep(1000);
    expect(g.take()).toEqual([[['reset'], ['current', 'a']]]);
  });

  it('restarts the tick period from the restore, flushing the restored batch with newer events', () => {
    const h = windowHarness(timeBatchWindow, [second]);
    h.send(['a']);
    h.sleep(600);
    const g = windowHarness(timeBatchWindow, [second], { start: 5000 });
    g.window.restore(h.window.snapshot());
    g.sleep(50);
    g.send(['b']);
    g.sleep(949);
    expect(g.take()).toEqual([]);
    g.sleep(1);
    expect(g.take()).toEqual([[['reset'], ['current', 'a'], ['current', 'b']]]);
    g.sleep(1000);
    expect(g.take()).toEqual([
      [
        ['expired', 'a'],
        ['expired', 'b'],
      ],
    ]);
  });

  it('a restored window that never ticked waits for its first event', () => {
    const h = windowHarness(timeBatchWindow, [second]);
    const g = windowHarness(timeBatchWindow, [second], { start: 5000 });
    g.window.restore(h.window.snapshot());
    g.sleep(3000);
    expect(g.clock.pending()).toBe(0);
    g.send(['a']);
    g.sleep(1000);
    expect(g.take()).toEqual([[['reset'], ['current', 'a']]]);
  });
});
