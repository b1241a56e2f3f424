// Tests of reorder:akslack: reordering like K-slack while alpha is 1, alpha adapted after each
// batch of events and scaling K, the timeout, snapshot/restore.

import type { StreamProcessorInstance } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { akslackProcessor, type AKSlackProcessor } from './akslack.js';
import { attributeArgument, constantArgument, harness, type Harness } from './test-kit.js';

const ts = attributeArgument('eventTime', 0, 'long');
const volume = attributeArgument('volume', 1, 'long');

function released(h: Harness<StreamProcessorInstance>): number[][] {
  return h.take().map((chunk) => chunk.map((e) => e[1] as number));
}

describe('reorder:akslack', () => {
  it('reorders like K-slack while alpha is 1', () => {
    const h = harness<StreamProcessorInstance>(akslackProcessor, [ts, volume]);
    for (const t of [1, 4, 3, 2, 5, 6, 9]) h.send([t, 10]);
    expect(released(h)).toEqual([[1], [4], [2], [3], [5, 6]]);
  });

  it('adapts alpha after a batch and scales K with it', () => {
    const h = harness<AKSlackProcessor>(akslackProcessor, [
      ts,
      volume,
      constantArgument(2, 'long'),
    ]);
    expect(h.processor.alpha).toBe(1);
    h.send([1, 10], [4, 30], [3, 20]);
    // volumes 10, 30, 20: coverage threshold 0.0570, alpha = 1.3 * (1 - 0.0570)
    expect(h.processor.alpha).toBeCloseTo(1.2259, 4);
    expect(released(h)).toEqual([[1], [4]]);
    // lateness 8 - 3 = 5 makes K = round(5 * 1.2259) = 6 (plain K-slack would release 3 here)
    h.send([8, 40]);
    expect(released(h)).toEqual([]);
    h.send([9, 50]);
    expect(released(h)).toEqual([[3]]);
  });

  it('releases waiting events on timeout', () => {
    const h = harness<StreamProcessorInstance>(akslackProcessor, [
      ts,
      volume,
      constantArgument(100, 'long'),
      constantArgument(500, 'long'),
    ]);
    for (const t of [1, 4, 3]) h.send([t, 1]);
    expect(released(h)).toEqual([[1], [4]]);
    h.sleep(500);
    expect(released(h)).toEqual([[3]]);
    h.stop();
  });

  it('restores alpha and its buffer', () => {
    const h = harness<AKSlackProcessor>(akslackProcessor, [
      ts,
      volume,
      constantArgument(2, 'long'),
    ]);
    for (const [t, v] of [
      [1, 10],
      [4, 30],
      [3, 20],
    ]) {
      h.send([t, v]);
    }
    const g = harness<AKSlackProcessor>(akslackProcessor, [
      ts,
      volume,
      constantArgument(2, 'long'),
    ]);
    g.processor.restore(structuredClone(h.processor.snapshot()));
    expect(g.processor.alpha).toBe(h.processor.alpha);
    expect(g.processor.snapshot()).toEqual(h.processor.snapshot());
    expect(() => {
      g.processor.restore(null);
    }).toThrow(/not a snapshot/);
  });
});
