// Unit tests for `frequent`: counts, the expiry order of Java's hash map, dropped events.

import { describe, expect, it } from 'vitest';
import {
  attributeArgument,
  constantArgument,
  windowHarness,
} from '../../runtime/window/window-harness.js';
import { frequentWindow } from './frequent-window.js';

const attributes = [
  { name: 'cardNo', type: 'string' as const },
  { name: 'price', type: 'float' as const },
];
const f = Math.fround;

describe('frequent window', () => {
  it('expires the keys whose count reaches zero, in Java hash order', () => {
    const h = windowHarness(frequentWindow, [constantArgument(2)], { attributes });
    h.send(
      ['3234-3244-2432-4124', f(73.36)],
      ['1234-3244-2432-123', f(46.36)],
      ['5768-3244-2432-5646', f(48.36)],
    );
    const chunks = h.take();
    expect(chunks.length).toBe(3);
    // both counts drop to zero: expired in the order the JVM iterates the keys
    // '3234-3244-2432-412473.36' and '1234-3244-2432-12346.36'
    expect(chunks[2]?.map((e) => [e[0], e[1]])).toEqual([
      ['expired', '1234-3244-2432-123'],
      ['expired', '3234-3244-2432-4124'],
      ['current', '5768-3244-2432-5646'],
    ]);
  });

  it('lets known keys pass and drops a new key when no count reaches zero', () => {
    const h = windowHarness(
      frequentWindow,
      [constantArgument(1), attributeArgument('cardNo', 0, 'string')],
      {
        attributes,
      },
    );
    h.send(['a', 1], ['a', 2], ['b', 3], ['c', 4], ['d', 5]);
    // 'b' only brings 'a' down to 1 and is dropped; 'c' brings it to 0
    expect(h.take()).toEqual([
      [['current', 'a', 1]],
      [['current', 'a', 2]],
      [
        ['expired', 'a', 2],
        ['current', 'c', 4],
      ],
      [
        ['expired', 'c', 4],
        ['current', 'd', 5],
      ],
    ]);
    expect(h.window.contents().map((e) => e.data)).toEqual([['d', 5]]);
  });

  it('snapshots and restores its counts', () => {
    const h = windowHarness(frequentWindow, [constantArgument(1)], { attributes });
    h.send(['a', 1], ['a', 1]);
    const snap = h.window.snapshot();
    const r = windowHarness(frequentWindow, [constantArgument(1)], { attributes });
    r.window.restore(snap);
    r.send(['b', 2]);
    expect(r.take()).toEqual([]); // count 2 → 1: no room for 'b'
  });
});
