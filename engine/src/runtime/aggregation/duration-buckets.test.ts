// Unit tests of aggregation bucketing: fixed-size durations and calendar months/years in GMT.

import { describe, expect, it } from 'vitest';
import { bucketStart, nextBucketStart } from './duration-buckets.js';

const T = Date.UTC(2017, 5, 1, 4, 5, 50, 123);

describe('aggregation buckets', () => {
  it('aligns fixed durations to GMT multiples', () => {
    expect(bucketStart(T, 'sec')).toBe(Date.UTC(2017, 5, 1, 4, 5, 50));
    expect(bucketStart(T, 'min')).toBe(Date.UTC(2017, 5, 1, 4, 5));
    expect(bucketStart(T, 'hour')).toBe(Date.UTC(2017, 5, 1, 4));
    expect(bucketStart(T, 'day')).toBe(Date.UTC(2017, 5, 1));
    expect(bucketStart(-1, 'sec')).toBe(-1000);
  });

  it('aligns months and years to the calendar', () => {
    expect(bucketStart(T, 'month')).toBe(Date.UTC(2017, 5, 1));
    expect(bucketStart(Date.UTC(2020, 1, 29, 23), 'month')).toBe(Date.UTC(2020, 1, 1));
    expect(bucketStart(T, 'year')).toBe(Date.UTC(2017, 0, 1));
  });

  it('gives the next bucket, across month and year ends', () => {
    expect(nextBucketStart(T, 'sec')).toBe(Date.UTC(2017, 5, 1, 4, 5, 51));
    expect(nextBucketStart(Date.UTC(2017, 11, 18), 'month')).toBe(Date.UTC(2018, 0, 1));
    expect(nextBucketStart(Date.UTC(2020, 1, 3), 'month')).toBe(Date.UTC(2020, 2, 1));
    expect(nextBucketStart(T, 'year')).toBe(Date.UTC(2018, 0, 1));
  });
});
