import { describe, expect, it } from 'vitest';
import { constantArgument, windowHarness } from '../../runtime/window/window-harness.js';
import { timeWindow } from './time-window.js';

describe('time window', () => {
  it('expires events on its timer', () => {
    const h = windowHarness(timeWindow, [constantArgument(1000, 'long')]);
    h.send(['a']);
    h.sleep(500);
    h.send(['b']);
    expect(h.take()).toEqual([[['current', 'a']], [['current', 'b']]]);
    h.sleep(500);
    expect(h.take()).toEqual([[['expired', 'a']]]);
    h.sleep(500);
    expect(h.take()).toEqual([[['expired', 'b']]]);
    expect(h.window.contents()).toEqual([]);
  });

  it('cancels its timers when stopped and re-arms them on start', () => {
    const h = windowHarness(timeWindow, [constantArgument(100, 'long')]);
    h.send(['a']);
    h.stop();
    expect(h.clock.pending()).toBe(0);
    h.window.start();
    h.sleep(100);
    expect(h.take()).toEqual([[['current', 'a']], [['expired', 'a']]]);
  });

  it('expires before the current event when both are due', () => {
    const h = windowHarness(timeWindow, [constantArgument(1000, 'long')]);
    h.send(['a']);
    h.stop();
    h.sleep(1000);
    h.send(['b']);
    expect(h.take()).toEqual([
      [['current', 'a']],
      [
        ['expired', 'a'],
        ['current', 'b'],
      ],
    ]);
  });

  it('sets no timer for a repeated timestamp', () => {
    const h = windowHarness(timeWindow, [constantArgument(100, 'long')]);
    h.send(['a'], ['b']);
    expect(h.clock.pending()).toBe(1);
    h.sleep(100);
    expect(h.take().slice(2)).toEqual([
      [
        ['expired', 'a'],
        ['expired', 'b'],
      ],
    ]);
  });
});
