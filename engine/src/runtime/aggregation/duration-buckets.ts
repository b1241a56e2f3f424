// Buckets of incremental aggregations: each duration (sec … year) cuts time into buckets that
// start at GMT-aligned instants; months and years follow the calendar, the rest are fixed sizes.

import { TIME_UNIT_MILLIS, type TimeUnit } from '../../query-api/index.js';

/** The durations an aggregation can compute, shortest first. */
export const AGGREGATION_DURATIONS: readonly TimeUnit[] = [
  'sec',
  'min',
  'hour',
  'day',
  'month',
  'year',
];

/**
 * The start (ms since epoch, GMT) of the `unit` bucket holding `timestamp`.
 * @example
 * bucketStart(Date.UTC(2017, 5, 1, 4, 5, 50), 'month') // Date.UTC(2017, 5, 1)
 */
export function bucketStart(timestamp: number, unit: TimeUnit): number {
  if (unit === 'month' || unit === 'year') {
    const date = new Date(timestamp);
    const year = date.getUTCFullYear();
    return unit === 'year' ? Date.UTC(year, 0, 1) : Date.UTC(year, date.getUTCMonth(), 1);
  }
  const size = TIME_UNIT_MILLIS[unit];
  return Math.floor(timestamp / size) * size;
}

/**
 * The start of the bucket after the one holding `timestamp`.
 * @example
 * nextBucketStart(Date.UTC(2017, 11, 18), 'month') // Date.UTC(2018, 0, 1)
 */
export function nextBucketStart(timestamp: number, unit: TimeUnit): number {
  if (unit === 'month' || unit === 'year') {
    const date = new Date(timestamp);
    const year = date.getUTCFullYear();
    return unit === 'year' ? Date.UTC(year + 1, 0, 1) : Date.UTC(year, date.getUTCMonth() + 1, 1);
  }
  return bucketStart(timestamp, unit) + TIME_UNIT_MILLIS[unit];
}
