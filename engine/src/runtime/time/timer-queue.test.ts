// TimerQueue against a sorted reference: (time, scheduling order), with random cancellations.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TimerQueue } from './timer-queue.js';

describe('TimerQueue', () => {
  it('pops live timers in (time, scheduling order) order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.boolean()), { maxLength: 300 }),
        fc.integer({ min: 0, max: 50 }),
        (specs, limit) => {
          const queue = new TimerQueue();
          const entries = specs.map(([at]) => queue.push(at, () => undefined));
          entries.forEach((e, i) => {
            if (specs[i]?.[1] === true) queue.cancel(e);
          });
          const expected = entries
            .filter((e) => e.live && e.at <= limit)
            .sort((a, b) => a.at - b.at || a.seq - b.seq)
            .map((e) => e.seq);
          const liveBefore = queue.size;
          const popped: number[] = [];
          for (let e = queue.popDue(limit); e !== undefined; e = queue.popDue(limit))
            popped.push(e.seq);
          expect(popped).toEqual(expected);
          expect(queue.size).toBe(liveBefore - popped.length);
          const next = queue.peekTime();
          if (next !== undefined) expect(next).toBeGreaterThan(limit);
        },
      ),
    );
  });
});
