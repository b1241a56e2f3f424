// Unit tests of the aggregation runtime on its own: buckets per duration, latest values,
// unknown durations, snapshot/restore and the purge timer.

import { describe, expect, it } from 'vitest';
import { count, sum } from '../../builtins/aggregators/index.js';
import { silentLogger } from '../app/logger.js';
import type { StreamEvent } from '../event/event.js';
import { VirtualClock } from '../time/index.js';
import { IncrementalAggregation, type PurgeSettings } from './incremental-aggregation.js';

const T0 = Date.UTC(2017, 5, 1, 4, 5, 50);

function aggregation(clock = new VirtualClock(T0), purge?: PurgeSettings): IncrementalAggregation {
  return new IncrementalAggregation({
    id: 'A',
    attributes: [
      { name: 'AGG_TIMESTAMP', type: 'long' },
      { name: 'symbol', type: 'string' },
      { name: 'total', type: 'long' },
      { name: 'n', type: 'long' },
    ],
    durations: ['sec', 'min', 'month'],
    timestampOf: (e) => e.data[2] as number,
    groupKey: (e) => String(e.data[0]),
    aggregates: [
      { instance: sum.create(['int'], { removes: false }), args: [(e) => e.data[1]] },
      { instance: count.create([], { removes: false }), args: [] },
    ],
    outputs: [(b) => b.latest[0], (b) => b.values[0], (b) => b.values[1]],
    ...(purge === undefined ? {} : { purge }),
    time: clock,
    logger: silentLogger,
  });
}

const event = (symbol: string, v: number, ts: number): StreamEvent => ({
  timestamp: 0,
  type: 'current',
  data: [symbol, v, ts],
});

describe('IncrementalAggregation', () => {
  it('adds each event to its bucket of every duration, out of order included', () => {
    const a = aggregation();
    a.process([event('X', 1, T0), event('Y', 2, T0 + 1000), event('X', 3, T0 - 1000)]);
    a.process([{ timestamp: 0, type: 'expired', data: ['X', 100, T0] }]);
    const all = { start: -Infinity, end: Infinity };
    expect(a.find(all, 'sec')).toEqual([
      [T0 - 1000, 'X', 3, 1],
      [T0, 'X', 1, 1],
      [T0 + 1000, 'Y', 2, 1],
    ]);
    expect(a.find(all, 'min')).toEqual([
      [Date.UTC(2017, 5, 1, 4, 5), 'X', 4, 2],
      [Date.UTC(2017, 5, 1, 4, 5), 'Y', 2, 1],
    ]);
    expect(a.find({ start: T0, end: T0 + 1000 }, 'sec')).toEqual([[T0, 'X', 1, 1]]);
    expect(a.find(all, 'month')[0]?.[0]).toBe(Date.UTC(2017, 5, 1));
    expect(() => a.find(all, 'hour')).toThrow(/not computed per hour/);
  });

  it('restores a snapshot into a fresh runtime', () => {
    const a = aggregation();
    a.process([event('X', 1, T0), event('X', 2, T0 + 1000)]);
    const saved = JSON.parse(JSON.stringify(a.snapshot())) as ReturnType<typeof a.snapshot>;
    const b = aggregation();
    b.restore(saved);
    b.process([event('X', 4, T0 + 2000)]);
    expect(b.find({ start: 0, end: Infinity }, 'min')).toEqual([
      [Date.UTC(2017, 5, 1, 4, 5), 'X', 7, 3],
    ]);
  });

  it('purges on its timer until stopped', () => {
    const clock = new VirtualClock(T0);
    const a = aggregation(clock, { interval: 1000, retention: { sec: 5000 } });
    a.start();
    a.process([event('X', 1, T0), event('X', 2, T0 + 4000)]);
    clock.advanceBy(6000);
    expect(a.find({ start: 0, end: Infinity }, 'sec')).toEqual([[T0 + 4000, 'X', 2, 1]]);
    expect(a.find({ start: 0, end: Infinity }, 'min')).toHaveLength(1);
    a.stop();
    clock.advanceBy(60_000);
    expect(a.find({ start: 0, end: Infinity }, 'sec')).toHaveLength(1);
  });
});
