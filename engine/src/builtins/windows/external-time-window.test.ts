import { describe, expect, it } from 'vitest';
import {
  attributeArgument,
  constantArgument,
  windowHarness,
} from '../../runtime/window/window-harness.js';
import { externalTimeWindow } from './external-time-window.js';

describe('externalTime window', () => {
  it('expires by the attribute time of later events, never by timers', () => {
    const h = windowHarness(externalTimeWindow, [
      attributeArgument('ts', 0, 'long'),
      constantArgument(1000, 'long'),
    ]);
    h.send([0, 'a'], [500, 'b']);
    h.sleep(5000);
    h.send([1000, 'c']);
    expect(h.take()).toEqual([
      [['current', 0, 'a']],
      [['current', 500, 'b']],
      [
        ['expired', 0, 'a'],
        ['current', 1000, 'c'],
      ],
    ]);
  });
});
