import { describe, expect, it } from 'vitest';
import { constantArgument, windowHarness } from '../../runtime/window/window-harness.js';
import { batchWindow } from './batch-window.js';

describe('batch window', () => {
  it('treats each chunk as a batch and expires it with the next chunk', () => {
    const h = windowHarness(batchWindow, []);
    h.sendChunk([['a'], ['b']]);
    h.sendChunk([['c']]);
    expect(h.take()).toEqual([
      [
        ['current', 'a'],
        ['current', 'b'],
      ],
      [['expired', 'a'], ['expired', 'b'], ['reset'], ['current', 'c']],
    ]);
  });

  it('splits a chunk every n events', () => {
    const h = windowHarness(batchWindow, [constantArgument(2)], { expiredEventsWanted: false });
    h.sendChunk([['a'], ['b'], ['c']]);
    expect(h.take()).toEqual([
      [
        ['current', 'a'],
        ['current', 'b'],
      ],
      [['reset'], ['current', 'c']],
    ]);
  });
});
