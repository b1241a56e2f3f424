import { describe, expect, it } from 'vitest';
import { constantArgument, windowHarness } from '../../runtime/window/window-harness.js';
import { lengthBatchWindow } from './length-batch-window.js';

describe('lengthBatch window', () => {
  it('emits each full batch after the previous one expired and a reset', () => {
    const h = windowHarness(lengthBatchWindow, [constantArgument(2)]);
    h.send(['a'], ['b'], ['c']);
    expect(h.take()).toEqual([[['reset'], ['current', 'a'], ['current', 'b']]]);
    h.send(['d']);
    expect(h.take()).toEqual([
      [['expired', 'a'], ['expired', 'b'], ['reset'], ['current', 'c'], ['current', 'd']],
    ]);
  });

  it('stream.current.event passes events and expires the batch on event n+1', () => {
    const h = windowHarness(lengthBatchWindow, [constantArgument(2), constantArgument(true)]);
    h.send(['a'], ['b'], ['c']);
    expect(h.take()).toEqual([
      [['current', 'a']],
      [['current', 'b']],
      [['expired', 'a'], ['expired', 'b'], ['reset'], ['current', 'c']],
    ]);
  });

  it('lengthBatch(0) passes each event with its expiry and a reset', () => {
    const h = windowHarness(lengthBatchWindow, [constantArgument(0)]);
    h.send(['a']);
    expect(h.take()).toEqual([[['current', 'a'], ['expired', 'a'], ['reset']]]);
  });

  it('splits one chunk into one output chunk per batch', () => {
    const h = windowHarness(lengthBatchWindow, [constantArgument(1)]);
    h.sendChunk([['a'], ['b']]);
    expect(h.take()).toEqual([
      [['reset'], ['current', 'a']],
      [['expired', 'a'], ['reset'], ['current', 'b']],
    ]);
  });
});
