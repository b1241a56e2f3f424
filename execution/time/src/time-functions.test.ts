// Unit tests of the time:* functions with Siddhi's documented results, in a pinned default
// zone (the JVM default is the host's zone), with nulls and errors as Siddhi has them.

import type { AttributeType } from '@tributary/engine';
import type { Extension, FunctionContext } from '@tributary/engine/extension-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  currentDate,
  currentTime,
  currentTimestamp,
  timestampInMilliseconds,
  utcTimestamp,
} from './current-functions.js';
import { addToCalendar, dateAdd, dateDiff, dateSub } from './date-arithmetic.js';
import { date, dateFormat, dayOfWeek, extract, timezoneConvert } from './date-formatting.js';
import { javaZoneId } from './java-zones.js';

const NOW = Date.UTC(2019, 2, 31, 14, 7, 0, 123);
const ctx: FunctionContext = { clock: { now: () => NOW }, functions: { resolve: () => undefined } };

type Arg = AttributeType | { readonly type: AttributeType; readonly value: unknown };

function fn(extension: Extension, ...args: Arg[]): (...values: unknown[]) => unknown {
  if (extension.kind !== 'function') throw new Error('not a function');
  const instance = extension.spec.create(
    args.map((a) =>
      typeof a === 'string'
        ? { type: a, constant: false }
        : { type: a.type, constant: true, value: a.value },
    ),
    ctx,
  );
  const call = instance.call;
  if (call === undefined) throw new Error('no call');
  return (...values) => call(values);
}

const unit = (value: string) => ({ type: 'string' as const, value });
let savedTz: string | undefined;

beforeAll(() => {
  savedTz = process.env.TZ;
  process.env.TZ = 'UTC';
});
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('current time functions (the app clock)', () => {
  it('print now in the default zone, a zone, or UTC', () => {
    expect(fn(currentDate)()).toBe('2019-03-31');
    expect(fn(currentTime)()).toBe('14:07:00');
    expect(fn(currentTimestamp)()).toBe('2019-03-31 14:07:00');
    expect(fn(currentTimestamp, 'string')('Asia/Kolkata')).toBe('2019-03-31 19:37:00');
    expect(fn(currentTimestamp, 'string')('CST')).toBe('2019-03-31 09:07:00');
    expect(fn(currentTimestamp, 'string')(null)).toBe('2019-03-31 14:07:00');
    expect(() => fn(currentTimestamp, 'string')('Nowhere')).toThrow(
      'Provided time zone Nowhere is invalid.',
    );
    expect(fn(utcTimestamp)()).toBe('2019-03-31 14:07:00');
    expect(fn(utcTimestamp, 'string')('yyyy-MM-dd HH:mm:ss.SSS')).toBe('2019-03-31 14:07:00.123');
  });

  it('follow the default zone of the host', () => {
    process.env.TZ = 'Asia/Kolkata';
    try {
      expect(fn(currentTime)()).toBe('19:37:00');
      expect(fn(utcTimestamp)()).toBe('2019-03-31 14:07:00');
    } finally {
      process.env.TZ = 'UTC';
    }
  });

  it('timestampInMilliseconds reads dates, or gives now', () => {
    expect(fn(timestampInMilliseconds)()).toBe(NOW);
    expect(fn(timestampInMilliseconds, 'string')('2007-11-30 10:30:19.000')).toBe(1196418619000);
    expect(fn(timestampInMilliseconds, 'string')(null)).toBe(NOW);
    const withFormat = fn(timestampInMilliseconds, 'string', 'string');
    expect(withFormat('2007-11-30 10:30:19', 'yyyy-MM-dd HH:mm:ss')).toBe(1196418619000);
    expect(withFormat(null, 'yyyy')).toBeNull();
    expect(() => withFormat('2007/11/30', 'yyyy-MM-dd')).toThrow(
      /Provided format yyyy-MM-dd does not match with the timestamp 2007\/11\/30/,
    );
  });
});

describe('date arithmetic', () => {
  it('dateAdd and dateSub on strings keep the format', () => {
    const add = fn(dateAdd, 'string', 'int', unit('YEAR'), 'string');
    expect(add('2014-11-11 13:23:44.657', 5, 'YEAR', 'yyyy-MM-dd HH:mm:ss.SSS')).toBe(
      '2019-11-11 13:23:44.657',
    );
    expect(fn(dateAdd, 'string', 'int', unit('year'))('2014-11-11 13:23:44.657', 5)).toBe(
      '2019-11-11 13:23:44.657',
    );
    expect(
      fn(dateAdd, 'string', 'int', unit('MONTH'), 'string')('2014-01-31', 1, '', 'yyyy-MM-dd'),
    ).toBe('2014-02-28');
    expect(
      fn(dateAdd, 'string', 'int', unit('QUARTER'), 'string')('2014-11-30', 1, '', 'yyyy-MM-dd'),
    ).toBe('2015-02-28');
    expect(
      fn(dateSub, 'string', 'int', unit('WEEK'), 'string')('2014-11-11', 2, '', 'yyyy-MM-dd'),
    ).toBe('2014-10-28');
    expect(
      fn(dateAdd, 'string', 'int', unit('DAYS'), 'string')('2014-11-11', 2, '', 'yyyy-MM-dd'),
    ).toBe('2014-11-11');
    expect(add(null, 5)).toBeNull();
    expect(add('2014-11-11 13:23:44.657', 5, 'YEAR', null)).toBeNull();
  });

  it('dateAdd and dateSub on timestamps give the timestamp as a string', () => {
    expect(fn(dateAdd, 'long', 'int', unit('HOUR'))(1415712224000, 1)).toBe('1415715824000');
    expect(fn(dateSub, 'long', 'int', unit('SECOND'))(1415712224000, 4)).toBe('1415712220000');
    expect(fn(dateAdd, 'long', 'int', unit('HOUR'))(null, 1)).toBeNull();
  });

  it('Calendar.add keeps wall times across DST and adds elapsed hours', () => {
    const la = javaZoneId('America/Los_Angeles');
    const before = Date.UTC(2014, 2, 8, 20); // 2014-03-08 12:00 PST
    expect(addToCalendar(before, 'DAY', 1, la)).toBe(Date.UTC(2014, 2, 9, 19)); // 12:00 PDT
    expect(addToCalendar(before, 'HOUR', 24, la)).toBe(Date.UTC(2014, 2, 9, 20));
    expect(addToCalendar(Date.UTC(2016, 1, 29), 'YEAR', 1, javaZoneId('UTC'))).toBe(
      Date.UTC(2017, 1, 28),
    );
  });

  it('dateDiff counts whole days and fails on null', () => {
    const diff = fn(dateDiff, 'string', 'string', 'string', 'string');
    expect(
      diff(
        '2014-11-11 13:23:44',
        '2014-11-9 13:23:44',
        'yyyy-MM-dd HH:mm:ss',
        'yyyy-MM-dd HH:mm:ss',
      ),
    ).toBe(2);
    expect(
      fn(dateDiff, 'string', 'string')('2014-11-13 13:23:44.000', '2014-11-9 13:23:44.000'),
    ).toBe(4);
    expect(fn(dateDiff, 'long', 'long')(1415692424000, 1412841224000)).toBe(33);
    expect(fn(dateDiff, 'long', 'long')(0, 86_399_999)).toBe(0);
    expect(() => fn(dateDiff, 'long', 'long')(null, 1)).toThrow(/First argument cannot be null/);
    expect(() => diff('2014-11-11', null, 'yyyy-MM-dd', 'yyyy-MM-dd')).toThrow(/Second argument/);
  });
});

describe('formatting and extraction', () => {
  it('date and dateFormat', () => {
    expect(fn(date, 'string', 'string')('2014/11/11 13:23:44', 'yyyy/MM/dd HH:mm:ss')).toBe(
      '2014-11-11',
    );
    expect(fn(date, 'string')('2014-11-23 13:23:44.345')).toBe('2014-11-23');
    expect(fn(date, 'string', 'string')('13:23:44', 'HH:mm:ss')).toBe('1970-01-01');
    expect(fn(date, 'string', 'string')(null, 'HH')).toBeNull();
    const reformat = fn(dateFormat, 'string', 'string', 'string');
    expect(reformat('2014/11/11 13:23:44', 'mm:ss', 'yyyy/MM/dd HH:mm:ss')).toBe('23:44');
    expect(fn(dateFormat, 'string', 'string')('2014-11-11 13:23:44.000', 'HH:mm:ss')).toBe(
      '13:23:44',
    );
    expect(fn(dateFormat, 'long', 'string')(1415692424000, 'yyyy-MM-dd')).toBe('2014-11-11');
    expect(fn(dateFormat, 'long', 'string')(1415692424000, null)).toBeNull();
  });

  it('dayOfWeek', () => {
    expect(fn(dayOfWeek, 'string', 'string')('2014/12/11 13:23:44', 'yyyy/MM/dd HH:mm:ss')).toBe(
      'Thursday',
    );
    expect(fn(dayOfWeek, 'string')('2014-11-11 13:23:44.345')).toBe('Tuesday');
    expect(fn(dayOfWeek, 'string')('2014-11-11')).toBe('Tuesday');
    expect(fn(dayOfWeek, 'string')(null)).toBeNull();
    expect(() => fn(dayOfWeek, 'string')('11/11/2014')).toThrow(/does not match/);
  });

  it('extract units from strings and timestamps', () => {
    expect(
      fn(
        extract,
        unit('YEAR'),
        'string',
        'string',
      )('', '2019/11/11 13:23:44.657', 'yyyy/MM/dd HH:mm:ss.SSS'),
    ).toBe(2019);
    expect(fn(extract, unit('DAY'), 'string')('', '2019-11-12 13:23:44.657')).toBe(12);
    expect(fn(extract, 'long', unit('HOUR'))(1394556804000, '')).toBe(16);
    expect(fn(extract, 'long', unit('quarter'))(1394556804000, '')).toBe(1);
    expect(fn(extract, 'long', unit('MINUTE'))(1394556804000, '')).toBe(53);
    expect(fn(extract, 'long', unit('DECADE'))(1394556804000, '')).toBe(0);
    const week = Date.UTC(2016, 0, 1);
    expect(fn(extract, 'long', unit('WEEK'))(week, '')).toBe(1);
    expect(fn(extract, 'long', unit('WEEK'), unit('fr_FR'))(week, '', 'fr_FR')).toBe(53);
    expect(() => fn(extract, 'long', unit('HOUR'))(null, '')).toThrow(
      /First argument cannot be null/,
    );
    expect(() => fn(extract, unit('DAY'), 'string')('', null)).toThrow(
      /Second argument cannot be null/,
    );
  });

  it('timezoneConvert between zones with java.time patterns', () => {
    const convert4 = fn(timezoneConvert, 'string', 'string', 'string', 'string');
    expect(convert4('2014/11/11 13:23:44', 'yyyy/MM/dd HH:mm:ss', 'UTC', 'IST')).toBe(
      '2014/11/11 07:53:44',
    );
    const convert3 = fn(timezoneConvert, 'string', 'string', 'string');
    expect(convert3('2020-11-11 06:23:44', 'yyyy-MM-dd HH:mm:ss', 'CST')).toBe(
      '2020-11-11 00:23:44',
    );
    expect(convert3('2020-11-11 06:23:44', 'yyyy-MM-dd HH:mm:ss', null)).toBeNull();
    expect(() => convert3('2020-11-11', 'yyyy-MM-dd HH:mm:ss', 'UTC')).toThrow(
      /cannot be parsed by given pattern/,
    );
    expect(() => convert3('2020-11-11 06:23:44', 'yyyy-MM-dd HH:mm:ss', 'Nowhere')).toThrow(
      /invalid/,
    );
  });

  it('reject constant patterns Java rejects', () => {
    if (dateFormat.kind !== 'function') throw new Error('kind');
    expect(
      dateFormat.spec.check?.([
        { type: 'long', constant: false, attribute: true },
        { type: 'string', constant: true, value: 'yyyy-qq', attribute: false },
      ]),
    ).toMatch(/Illegal pattern component: q/);
  });
});
