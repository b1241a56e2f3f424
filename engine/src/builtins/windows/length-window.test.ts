import { describe, expect, it } from 'vitest';
import { constantArgument, windowHarness } from '../../runtime/window/window-harness.js';
import { lengthWindow } from './length-window.js';

describe('length window', () => {
  it('expires the oldest event before the current one once full', () => {
    const h = windowHarness(lengthWindow, [constantArgument(2)]);
    h.send(['a'], ['b'], ['c']);
    expect(h.take()).toEqual([
      [['current', 'a']],
      [['current', 'b']],
      [
        ['expired', 'a'],
        ['current', 'c'],
      ],
    ]);
    expect(h.window.contents().map((e) => e.data[0])).toEqual(['b', 'c']);
  });

  it('interleaves expiries inside one chunk', () => {
    const h = windowHarness(lengthWindow, [constantArgument(1)]);
    h.sendChunk([['a'], ['b']]);
    expect(h.take()).toEqual([
      [
        ['current', 'a'],
        ['expired', 'a'],
        ['current', 'b'],
      ],
    ]);
  });

  it('length(0) emits current, expired and reset', () => {
    const h = windowHarness(lengthWindow, [constantArgument(0)]);
    h.send(['a']);
    expect(h.take()).toEqual([[['current', 'a'], ['expired', 'a'], ['reset']]]);
  });

  it('restores its state', () => {
    const h = windowHarness(lengthWindow, [constantArgument(2)]);
    h.send(['a'], ['b']);
    const state = h.window.snapshot();
    const g = windowHarness(lengthWindow, [constantArgument(2)]);
    g.window.restore(state);
    g.send(['c']);
    expect(g.take()).toEqual([
      [
        ['expired', 'a'],
        ['current', 'c'],
      ],
    ]);
  });
});
