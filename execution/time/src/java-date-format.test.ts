// Unit tests of Java date patterns and zones: SimpleDateFormat printing and lenient parsing,
// java.time strict parsing, week numbering by locale, ZoneId resolution and DST handling.

import { describe, expect, it } from 'vitest';
import {
  DateParseError,
  DatePatternError,
  javaDateFormat,
  US_WEEK,
  weekOfYear,
  weekRulesOf,
} from './java-date-format.js';
import {
  instantOf,
  InvalidZoneError,
  javaTimeZone,
  javaZoneId,
  localFields,
} from './java-zones.js';

const utc = javaZoneId('UTC');
const simple = (pattern: string) => javaDateFormat(pattern, 'simple');
const T = Date.UTC(2014, 10, 11, 13, 23, 44, 657);

describe('SimpleDateFormat patterns', () => {
  it('print every field like Java (en_US)', () => {
    expect(simple('yyyy-MM-dd HH:mm:ss.SSS').format(T, utc)).toBe('2014-11-11 13:23:44.657');
    expect(simple("EEE, d MMM yy hh:mm a 'at' z").format(T, utc)).toBe(
      'Tue, 11 Nov 14 01:23 PM at UTC',
    );
    expect(simple('EEEE MMMM G y D F u k K S SSSS').format(T, utc)).toBe(
      'Tuesday November AD 2014 315 2 2 13 1 657 0657',
    );
    expect(simple('Z X XX XXX').format(T, javaZoneId('Asia/Kolkata'))).toBe(
      '+0530 +05 +0530 +05:30',
    );
    expect(simple('X').format(T, utc)).toBe('Z');
    expect(simple("''yyyy'' 'o''clock'").format(T, utc)).toBe("'2014' o'clock");
    expect(simple('w W').format(T, utc)).toBe('46 3');
    expect(simple('hh a').format(Date.UTC(2014, 0, 1, 0, 5), utc)).toBe('12 AM');
  });

  it('parse leniently, defaulting missing fields to 1970-01-01', () => {
    const f = simple('yyyy-MM-dd HH:mm:ss.SSS');
    expect(f.parse('2014-11-11 13:23:44.657', utc, 0)).toBe(T);
    expect(f.parse('2014-11-11 13:23:44.657 trailing', utc, 0)).toBe(T);
    expect(simple('yyyy-MM-dd').parse('2014-02-30', utc, 0)).toBe(Date.UTC(2014, 2, 2));
    expect(simple('yyyy-MM-dd').parse('2014-1-5', utc, 0)).toBe(Date.UTC(2014, 0, 5));
    expect(simple('HH:mm:ss').parse('13:23:44', utc, 0)).toBe(Date.UTC(1970, 0, 1, 13, 23, 44));
    expect(simple('yyyyMMddHHmm').parse('201411111323', utc, 0)).toBe(
      Date.UTC(2014, 10, 11, 13, 23),
    );
    expect(simple('ss.SSS').parse('44.5', utc, 0)).toBe(44_005);
    expect(simple('dd MMM yyyy hh:mm a').parse('11 nov 2014 01:23 pm', utc, 0)).toBe(
      Date.UTC(2014, 10, 11, 13, 23),
    );
    expect(simple('yyyy-MM-dd HH:mm Z').parse('2014-11-11 13:23 +0530', utc, 0)).toBe(
      Date.UTC(2014, 10, 11, 7, 53),
    );
    expect(simple('yyyy-MM-dd HH:mm z').parse('2014-11-11 13:23 PST', utc, 0)).toBe(
      Date.UTC(2014, 10, 11, 21, 23),
    );
  });

  it('read two-digit years within 80 years before now', () => {
    const now = Date.UTC(2025, 0, 1);
    expect(new Date(simple('yy-MM-dd').parse('14-11-11', utc, now)).getUTCFullYear()).toBe(2014);
    expect(new Date(simple('yy-MM-dd').parse('50-11-11', utc, now)).getUTCFullYear()).toBe(1950);
    expect(new Date(simple('yyyy').parse('14', utc, now)).getUTCFullYear()).toBe(14);
  });

  it('reject what Java rejects', () => {
    expect(() => simple('yyyy-MM-dd qq')).toThrow(DatePatternError);
    expect(() => simple('yyyy-MM-dd').parse('2014/11/11', utc, 0)).toThrow(DateParseError);
    expect(() => simple('yyyy-MM-dd').parse('', utc, 0)).toThrow('Unparseable date: ""');
  });
});

describe('java.time patterns', () => {
  const f = javaDateFormat('yyyy/MM/dd HH:mm:ss', 'java-time');

  it('parse the whole text into a LocalDateTime', () => {
    expect(f.parseLocalDateTime('2014/11/11 13:23:44')).toEqual({
      year: 2014,
      month: 11,
      day: 11,
      hour: 13,
      minute: 23,
      second: 44,
      millisecond: 0,
    });
    expect(() => f.parseLocalDateTime('2014/11/11 13:23:44 x')).toThrow(/unparsed text/);
    expect(() => f.parseLocalDateTime('2014/1/11 13:23:44')).toThrow(/could not be parsed/);
    expect(() =>
      javaDateFormat('yyyy/MM/dd', 'java-time').parseLocalDateTime('2014/11/11'),
    ).toThrow(/Unable to obtain LocalDateTime/);
    expect(f.parseLocalDateTime('2014/02/30 00:00:00').day).toBe(28);
    expect(() => f.parseLocalDateTime('2014/13/01 00:00:00')).toThrow(/MonthOfYear/);
  });

  it("print fractions with 'S'", () => {
    const g = javaDateFormat('HH:mm:ss.SS', 'java-time');
    expect(g.format(T, utc)).toBe('13:23:44.65');
    const h = javaDateFormat('yyyy-MM-dd HH:mm:ss.SSS', 'java-time');
    expect(h.parseLocalDateTime('2014-11-11 13:23:44.657').millisecond).toBe(657);
    expect(() => h.parseLocalDateTime('2014-11-11 13:23:44.6')).toThrow(/could not be parsed/);
  });
});

describe('weeks and zones', () => {
  it('number weeks by the locale rules, as Calendar.WEEK_OF_YEAR', () => {
    const at = (year: number, month: number, day: number) => ({
      year,
      month,
      day,
      hour: 0,
      minute: 0,
      second: 0,
      millisecond: 0,
    });
    expect(weekOfYear(at(2014, 12, 29), US_WEEK)).toEqual({ week: 1, weekYear: 2015 });
    expect(weekOfYear(at(2016, 1, 1), weekRulesOf('fr_FR'))).toEqual({ week: 53, weekYear: 2015 });
    expect(weekOfYear(at(2016, 1, 1), US_WEEK).week).toBe(1);
    expect(weekRulesOf('en_GB')).toEqual({ firstDay: 2, minimalDays: 4 });
  });

  it('resolve ZoneIds with SHORT_IDS, offsets and prefixes', () => {
    expect(javaZoneId('IST').offsetAt(T)).toBe(330);
    expect(javaZoneId('EST').offsetAt(T)).toBe(-300);
    expect(javaZoneId('+05:30').offsetAt(T)).toBe(330);
    expect(javaZoneId('GMT+2').offsetAt(T)).toBe(120);
    expect(javaZoneId('Z').offsetAt(T)).toBe(0);
    expect(javaZoneId('America/Los_Angeles').offsetAt(Date.UTC(2014, 6, 1))).toBe(-420);
    expect(() => javaZoneId('Mars/Olympus')).toThrow(InvalidZoneError);
    expect(() => javaZoneId('XYZ')).toThrow(InvalidZoneError);
    expect(javaTimeZone('Mars/Olympus').id).toBe('GMT');
  });

  it('keep wall times across DST changes', () => {
    const la = javaZoneId('America/Los_Angeles');
    // 2014-03-09 02:30 does not exist in Los Angeles: it moves an hour on
    const gap = instantOf(
      { year: 2014, month: 3, day: 9, hour: 2, minute: 30, second: 0, millisecond: 0 },
      la,
    );
    expect(localFields(gap, la).hour).toBe(3);
    const summer = instantOf(
      { year: 2014, month: 7, day: 1, hour: 12, minute: 0, second: 0, millisecond: 0 },
      la,
    );
    expect(summer).toBe(Date.UTC(2014, 6, 1, 19));
  });
});
