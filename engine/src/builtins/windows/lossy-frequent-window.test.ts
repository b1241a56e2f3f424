// Unit tests for `lossyFrequent`: the support threshold and pruning at bucket boundaries.

import { describe, expect, it } from 'vitest';
import {
  attributeArgument,
  constantArgument,
  windowHarness,
} from '../../runtime/window/window-harness.js';
import { lossyFrequentWindow } from './lossy-frequent-window.js';

const attributes = [
  { name: 'k', type: 'string' as const },
  { name: 'v', type: 'int' as const },
];

describe('lossyFrequent window', () => {
  it('passes events whose key is frequent enough and prunes rare keys every 1/error events', () => {
    // support 0.5, error 0.25: threshold 0.25 × seen, buckets of 4 events
    const h = windowHarness(
      lossyFrequentWindow,
      [
        constantArgument(0.5, 'double'),
        constantArgument(0.25, 'double'),
        attributeArgument('k', 0, 'string'),
      ],
      { attributes },
    );
    h.send(['a', 1], ['a', 2], ['b', 3], ['a', 4]);
    // 4th event closes bucket 1: 'b' (count 1 + bucket 0 ≤ 1) is pruned after 'a' passes
    expect(h.take()).toEqual([
      [['current', 'a', 1]],
      [['current', 'a', 2]],
      [['current', 'b', 3]],
      [
        ['current', 'a', 4],
        ['expired', 'b', 3],
      ],
    ]);
    h.send(['c', 5], ['d', 6]);
    // 'c': 1 < 0.25 × 5 → held but not passed; 'd': 1 < 1.5
    expect(h.take()).toEqual([]);
    expect(h.window.contents().map((e) => e.data[0])).toEqual(['a', 'c', 'd']);
  });

  it('defaults the error bound to a tenth of the support', () => {
    const h = windowHarness(lossyFrequentWindow, [constantArgument(0.5, 'double')], { attributes });
    h.send(['a', 1], ['b', 1]);
    expect(h.take()).toEqual([[['current', 'a', 1]], [['current', 'b', 1]]]);
  });
});
