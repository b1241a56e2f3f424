// Unit tests for `cron`: batches at each firing, expired only with a new non-empty batch.

import { describe, expect, it } from 'vitest';
import { constantArgument, windowHarness } from '../../runtime/window/window-harness.js';
import { cronWindow } from './cron-window.js';

const START = Date.UTC(2020, 0, 1);

describe('cron window', () => {
  it('emits the collected events at each firing and expires the previous batch with the next', () => {
    const h = windowHarness(cronWindow, [constantArgument('*/5 * * * * ?', 'string')], {
      start: START,
    });
    h.send(['a'], ['b']);
    expect(h.take()).toEqual([]);
    h.sleep(5000);
    expect(h.take()).toEqual([
      [
        ['current', 'a'],
        ['current', 'b'],
      ],
    ]);
    h.sleep(5000); // nothing collected: nothing emitted, 'a' and 'b' stay
    expect(h.take()).toEqual([]);
    h.send(['c']);
    h.sleep(5000);
    const [chunk] = h.take();
    expect(chunk).toEqual([
      ['expired', 'a'],
      ['expired', 'b'],
      ['current', 'c'],
    ]);
    expect(h.window.contents().map((e) => e.data)).toEqual([['c']]);
  });

  it('stamps expired events with the firing time and stops firing when stopped', () => {
    const h = windowHarness(cronWindow, [constantArgument('*/5 * * * * ?', 'string')], {
      start: START,
    });
    const stamps: number[] = [];
    h.window.next = { process: (c) => stamps.push(...c.map((e) => e.timestamp)) };
    h.send(['a']);
    h.sleep(5000);
    h.send(['b']);
    h.sleep(5000);
    expect(stamps).toEqual([START, START + 10000, START + 5000]);
    h.stop();
    expect(h.clock.pending()).toBe(0);
  });

  it('rejects an invalid cron expression', () => {
    expect(() => windowHarness(cronWindow, [constantArgument('not cron', 'string')])).toThrow(
      /invalid cron expression/,
    );
  });
});
