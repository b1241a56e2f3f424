// Unit tests for `sort`: order keys, ties in arrival order, the new event expiring itself.

import { describe, expect, it } from 'vitest';
import {
  attributeArgument,
  constantArgument,
  windowHarness,
} from '../../runtime/window/window-harness.js';
import { compareValues, sortWindow } from './sort-window.js';

const attributes = [
  { name: 'price', type: 'int' as const },
  { name: 'volume', type: 'long' as const },
];

describe('sort window', () => {
  it('expires the last in sort order after the event that overflows it', () => {
    const h = windowHarness(
      sortWindow,
      [constantArgument(2), attributeArgument('volume', 1, 'long'), constantArgument('asc')],
      { attributes, start: 10 },
    );
    h.send([1, 100], [2, 300], [3, 200], [4, 400]);
    expect(h.take()).toEqual([
      [['current', 1, 100]],
      [['current', 2, 300]],
      [
        ['current', 3, 200],
        ['expired', 2, 300],
      ],
      [
        ['current', 4, 400],
        ['expired', 4, 400],
      ],
    ]);
    expect(h.window.contents().map((e) => e.data)).toEqual([
      [1, 100],
      [3, 200],
    ]);
  });

  it('sorts by several keys, descending where asked, ties in arrival order', () => {
    const h = windowHarness(
      sortWindow,
      [
        constantArgument(2),
        attributeArgument('volume', 1, 'long'),
        attributeArgument('price', 0, 'int'),
        constantArgument('DESC'),
      ],
      { attributes },
    );
    h.send([50, 100], [20, 100], [40, 50], [40, 50]);
    const expired = h.take().flatMap((c) => c.filter((e) => e[0] === 'expired'));
    expect(expired).toEqual([
      ['expired', 20, 100],
      ['expired', 50, 100],
    ]);
  });

  it("rejects an order other than 'asc' or 'desc'", () => {
    expect(() =>
      windowHarness(
        sortWindow,
        [constantArgument(2), attributeArgument('volume', 1, 'long'), constantArgument('up')],
        {
          attributes,
        },
      ),
    ).toThrow(/'asc' or 'desc'/);
  });

  it('compares like Java: nulls first, false before true, strings by code unit', () => {
    expect(compareValues(null, 1)).toBe(-1);
    expect(compareValues(false, true)).toBe(-1);
    expect(compareValues('B', 'a')).toBe(-1);
    expect(compareValues(2, 2)).toBe(0);
  });
});
