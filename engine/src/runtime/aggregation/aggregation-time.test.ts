// Unit tests of `aggregate by` dates, `within` bounds and patterns, and `per` durations.

import { describe, expect, it } from 'vitest';
import {
  parseAggregationDate,
  parsePer,
  parseWithinPattern,
  withinRange,
} from './aggregation-time.js';

describe('aggregation times', () => {
  it('parses dates in GMT or with an offset', () => {
    expect(parseAggregationDate('2017-06-01 04:05:50')).toBe(1496289950000);
    expect(parseAggregationDate('2017-06-01 09:35:50 +05:30')).toBe(1496289950000);
    expect(parseAggregationDate('2017-06-01 00:05:50 -04:00')).toBe(1496289950000);
    expect(parseAggregationDate('June 1, 2017 4:05:50 AM')).toBeUndefined();
    expect(parseAggregationDate('2017-06-** **:**:**')).toBeUndefined();
  });

  it('turns one-bound patterns into ranges', () => {
    expect(parseWithinPattern('2017-06-** **:**:**')).toEqual({
      start: Date.UTC(2017, 5, 1),
      end: Date.UTC(2017, 6, 1),
    });
    expect(parseWithinPattern('2017-12-** **:**:**')?.end).toBe(Date.UTC(2018, 0, 1));
    expect(parseWithinPattern('2017-**-** **:**:**')).toEqual({
      start: Date.UTC(2017, 0, 1),
      end: Date.UTC(2018, 0, 1),
    });
    expect(parseWithinPattern('2017-12-18 06:**:**')).toEqual({
      start: Date.UTC(2017, 11, 18, 6),
      end: Date.UTC(2017, 11, 18, 7),
    });
    expect(parseWithinPattern('2020-01-** **:**:** +05:30')?.start).toBe(
      Date.UTC(2020, 0, 1) - 5.5 * 3_600_000,
    );
    expect(parseWithinPattern('2017-12-18 11:51:27 +05:30')).toEqual({
      start: 1513578087000,
      end: 1513578088000,
    });
    expect(parseWithinPattern('2017-06-** 12:**:**')).toBeUndefined();
    expect(parseWithinPattern('2017-06-** **:**:**:1000')).toBeUndefined();
  });

  it('builds ranges from two bounds (longs or dates) and rejects bad ones', () => {
    expect(withinRange(1496289951000, '2017-06-01 04:05:52')).toEqual({
      start: 1496289951000,
      end: 1496289952000,
    });
    expect(withinRange('2017-06-02 00:00:00', '2017-06-01 00:00:00')).toMatch(/before/);
    expect(withinRange(1513578087000, undefined)).toMatch(/pattern/);
    expect(withinRange('2017-06-** **:**:**', 5)).toMatch(/not a within bound/);
  });

  it('accepts every spelling of a per duration', () => {
    for (const text of ['sec', 'second', 'seconds', 'SECONDS']) expect(parsePer(text)).toBe('sec');
    expect(parsePer('months')).toBe('month');
    expect(parsePer('years')).toBe('year');
    expect(parsePer('weeks')).toBeUndefined();
    expect(parsePer('test')).toBeUndefined();
    expect(parsePer(1000)).toBeUndefined();
  });
});
