// Tests of reorder:kslack: K grows to the lateness seen, events leave in timestamp order once an
// event K newer arrives, max.k caps K, late arrivals can be discarded, the timeout releases
// waiting events on the virtual clock, snapshot/restore.

import type { StreamProcessorInstance } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { kslackProcessor } from './kslack.js';
import { attributeArgument, constantArgument, harness, type Harness } from './test-kit.js';

const ts = attributeArgument('eventTime', 0, 'long');

function released(h: Harness<StreamProcessorInstance>): number[][] {
  return h.take().map((chunk) => chunk.map((e) => e[1] as number));
}

function sendAll(h: Harness<StreamProcessorInstance>, ...times: number[]): void {
  for (const t of times) h.send([t, `e${String(t)}`]);
}

describe('reorder:kslack', () => {
  it('releases events in timestamp order once an event K newer arrives', () => {
    const h = harness<StreamProcessorInstance>(kslackProcessor, [ts]);
    sendAll(h, 1, 4, 3, 2, 5, 6, 9);
    expect(released(h)).toEqual([[1], [4], [2], [3], [5, 6]]);
  });

  it('caps K at max.k', () => {
    const h = harness<StreamProcessorInstance>(kslackProcessor, [
      ts,
      constantArgument(-1, 'long'),
      constantArgument(1, 'long'),
    ]);
    sendAll(h, 1, 4, 3, 2, 5);
    expect(released(h)).toEqual([[1], [4], [2, 3]]);
  });

  it('drops events older than the last released one when told to', () => {
    const h = harness<StreamProcessorInstance>(kslackProcessor, [ts, constantArgument(true)]);
    sendAll(h, 1, 4, 3, 2, 5);
    expect(released(h)).toEqual([[1], [4], [5]]);
  });

  it('releases events buffered for the timeout', () => {
    const h = harness<StreamProcessorInstance>(kslackProcessor, [
      ts,
      constantArgument(1000, 'long'),
    ]);
    sendAll(h, 1, 4, 3);
    expect(released(h)).toEqual([[1], [4]]);
    h.sleep(999);
    expect(released(h)).toEqual([]);
    h.sleep(1);
    expect(released(h)).toEqual([[3]]);
    sendAll(h, 2);
    h.sleep(1000);
    expect(released(h)).toEqual([[2]]);
    h.stop();
  });

  it('releases the older events with an overdue one', () => {
    const h = harness<StreamProcessorInstance>(kslackProcessor, [
      ts,
      constantArgument(1000, 'long'),
    ]);
    sendAll(h, 10, 8);
    h.sleep(500);
    sendAll(h, 5);
    h.sleep(500);
    expect(released(h)).toEqual([[10], [5, 8]]);
    h.stop();
  });

  it('restores its buffer and K', () => {
    const h = harness<StreamProcessorInstance>(kslackProcessor, [ts]);
    sendAll(h, 1, 4, 3, 2, 5);
    h.take();
    const g = harness<StreamProcessorInstance>(kslackProcessor, [ts]);
    g.processor.restore(structuredClone(h.processor.snapshot()));
    sendAll(g, 6, 9);
    expect(released(g)).toEqual([[3], [5, 6]]);
  });

  it('fails the event for a timestamp that is not a number', () => {
    const h = harness<StreamProcessorInstance>(kslackProcessor, [ts]);
    expect(() => {
      h.send([null, 'x']);
    }).toThrow(/timestamp must be a long/);
  });
});
