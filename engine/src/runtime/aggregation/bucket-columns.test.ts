// Unit tests of the granularity-table row layout: column names and types, and buckets that
// survive a round trip through a record, record-shaped and list-shaped aggregator states alike.

import { describe, expect, it } from 'vitest';
import { distinctCount, max, sum } from '../../builtins/aggregators/index.js';
import { BucketColumns } from './bucket-columns.js';
import type { AggregationBucket } from './granularity-store.js';

const input = [
  { name: 'symbol', type: 'string' },
  { name: 'price', type: 'double' },
  { name: 'note', type: 'string' },
] as const;

function layout(): BucketColumns {
  return new BucketColumns({
    input,
    kept: [1],
    groupBy: [0],
    aggregates: [
      { name: 'sum', instance: sum.create(['double'], { removes: false }) },
      { name: 'distinctCount', instance: distinctCount.create(['string'], { removes: false }) },
      { name: 'max', instance: max.create(['double'], { removes: false }) },
    ],
  });
}

describe('BucketColumns', () => {
  it('names the columns after Siddhi: AGG_TIMESTAMP, the kept inputs, then each aggregate', () => {
    const columns = layout();
    expect(columns.attributes.map((a) => `${a.name}:${a.type}`)).toEqual([
      'AGG_TIMESTAMP:long',
      'AGG_EVENT_TIMESTAMP:long',
      'symbol:string',
      'price:double',
      'AGG_SUM_0:double',
      'AGG_SUM_0_sum:double',
      'AGG_SUM_0_count:double',
      'AGG_DISTINCTCOUNT_1:long',
      'AGG_DISTINCTCOUNT_1_counts:object',
      'AGG_MAX_2:double',
      'AGG_MAX_2_value:double',
    ]);
    expect(columns.primaryKey).toEqual([0, 2]);
  });

  it('turns a bucket into a record and back', () => {
    const columns = layout();
    const states = [
      sum.create(['double'], { removes: false }).newState(),
      distinctCount.create(['string'], { removes: false }).newState(),
      max.create(['double'], { removes: false }).newState(),
    ];
    const values = [states[0]?.add(2.5), states[1]?.add('a'), states[2]?.add(2.5)];
    values[0] = states[0]?.add(4);
    values[1] = states[1]?.add('b');
    values[2] = states[2]?.add(4);
    const bucket: AggregationBucket = {
      latestTimestamp: 1500,
      latest: ['IBM', 4, 'dropped'],
      states,
      values,
    };
    const row = columns.toRow(1000, bucket);
    const back = columns.fromRow(JSON.parse(JSON.stringify(row)) as unknown[]);
    expect(back.start).toBe(1000);
    expect(back.bucket.latestTimestamp).toBe(1500);
    expect(back.bucket.latest).toEqual(['IBM', 4, null]);
    expect(back.bucket.values).toEqual([6.5, 2, 4]);
    expect(back.bucket.states.map((s) => s.snapshot())).toEqual(states.map((s) => s.snapshot()));
    expect(back.bucket.states[1]?.add('a')).toBe(2);
    expect(back.bucket.states[0]?.add(1)).toBe(7.5);
  });
});
