import { describe, expect, it } from 'vitest';
import { constantArgument, windowHarness } from '../../runtime/window/window-harness.js';
import { timeLengthWindow } from './time-length-window.js';

describe('timeLength window', () => {
  it('expires by count', () => {
    const h = windowHarness(timeLengthWindow, [
      constantArgument(1000, 'long'),
      constantArgument(2),
    ]);
    h.send(['a'], ['b'], ['c']);
    expect(h.take()).toEqual([
      [['current', 'a']],
      [['current', 'b']],
      [
        ['expired', 'a'],
        ['current', 'c'],
      ],
    ]);
  });

  it('expires by time', () => {
    const h = windowHarness(timeLengthWindow, [
      constantArgument(1000, 'long'),
      constantArgument(5),
    ]);
    h.send(['a']);
    h.sleep(1000);
    expect(h.take()).toEqual([[['current', 'a']], [['expired', 'a']]]);
  });
});
