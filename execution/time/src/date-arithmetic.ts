// time:dateAdd, time:dateSub and time:dateDiff: calendar arithmetic as java.util.Calendar
// does it in the default time zone — years and months keep the wall time and pin the day to
// the month's end, days and weeks keep the wall time, hours/minutes/seconds add elapsed time.

import type { Extension, FunctionArgument, ParameterSpec } from '@tributary/engine/extension-api';
import { defaultZone, instantOf, localFields, utcMillisOf, type Zone } from './java-zones.js';
import {
  DEFAULT_FORMAT,
  formatDate,
  nullArgument,
  optionalNumber,
  optionalString,
  parseDate,
  patternCheck,
  timeFunction,
} from './time-function.js';

function daysInMonth(year: number, month: number): number {
  const lastDay = { year, month: month + 1, day: 0, hour: 0, minute: 0, second: 0, millisecond: 0 };
  return new Date(utcMillisOf(lastDay)).getUTCDate();
}

/**
 * `Calendar.add(unit, amount)` on an instant in `zone`, for Siddhi's unit names (upper case);
 * an unknown unit leaves the time unchanged, as in Siddhi.
 * @example
 * addToCalendar(Date.UTC(2014, 0, 31), 'MONTH', 1, utc); // 2014-02-28
 */
export function addToCalendar(epochMs: number, unit: string, amount: number, zone: Zone): number {
  switch (unit) {
    case 'SECOND':
      return epochMs + amount * 1000;
    case 'MINUTE':
      return epochMs + amount * 60_000;
    case 'HOUR':
      return epochMs + amount * 3_600_000;
    case 'DAY':
    case 'WEEK': {
      const f = localFields(epochMs, zone);
      f.day += unit === 'DAY' ? amount : amount * 7;
      return instantOf(f, zone);
    }
    case 'MONTH':
    case 'QUARTER':
    case 'YEAR': {
      const f = localFields(epochMs, zone);
      const months = unit === 'YEAR' ? amount * 12 : unit === 'QUARTER' ? amount * 3 : amount;
      const total = f.year * 12 + (f.month - 1) + months;
      f.year = Math.floor(total / 12);
      f.month = total - f.year * 12 + 1;
      f.day = Math.min(f.day, daysInMonth(f.year, f.month));
      return instantOf(f, zone);
    }
    default:
      return epochMs;
  }
}

const UNIT_DESCRIPTION =
  'The part of the date to change: `SECOND`, `MINUTE`, `HOUR`, `DAY`, `WEEK`, `MONTH`, ' +
  '`QUARTER` or `YEAR` (a constant; other values leave the date unchanged).';

function shiftParameters(verb: string): ParameterSpec[] {
  return [
    {
      name: 'date.value',
      types: ['string'],
      description: 'The date, such as `2014-11-11 13:23:44.657`.',
      optional: true,
    },
    { name: 'expr', types: ['int'], description: `The amount to ${verb}.` },
    { name: 'unit', types: ['string'], description: UNIT_DESCRIPTION, constant: true },
    {
      name: 'date.format',
      types: ['string'],
      description: `The format of the date (default \`${DEFAULT_FORMAT}\`).`,
      optional: true,
    },
    {
      name: 'timestamp.in.milliseconds',
      types: ['long'],
      description: 'The date in milliseconds since the epoch, such as `1415712224000L`.',
      optional: true,
    },
  ];
}

function shift(name: 'dateAdd' | 'dateSub'): Extension {
  const sign = name === 'dateAdd' ? 1 : -1;
  const verb = name === 'dateAdd' ? 'add' : 'subtract';
  return timeFunction({
    name,
    summary:
      name === 'dateAdd'
        ? 'Adds the given time interval to a date.'
        : 'Subtracts the given time interval from a date.',
    description:
      'A date string is read with its format (default ' +
      `\`${DEFAULT_FORMAT}\`) in the default time zone and printed back in the same format; ` +
      'a timestamp in milliseconds gives the new timestamp as a string. Years, months and ' +
      'quarters keep the time of day and pin the day to the end of shorter months; days and ' +
      'weeks keep the time of day. A null date, amount or format gives null.',
    parameters: shiftParameters(verb),
    overloads: [
      ['date.value', 'expr', 'unit'],
      ['timestamp.in.milliseconds', 'expr', 'unit'],
      ['date.value', 'expr', 'unit', 'date.format'],
    ],
    check: patternCheck([3]),
    returnType: 'string',
    returnDescription: 'The new date in the same format, or the new timestamp as a string.',
    examples: [
      {
        description:
          name === 'dateAdd'
            ? "'2014-11-11 13:23:44.657' plus five years is '2019-11-11 13:23:44.657'."
            : "'2019-11-11 13:23:44.657' minus five years is '2014-11-11 13:23:44.657'.",
        siddhi:
          'define stream InputStream (eventTime string);\n' +
          `from InputStream select time:${name}(eventTime, 5, 'YEAR', 'yyyy-MM-dd HH:mm:ss.SSS') ` +
          'as shifted insert into OutputStream;',
      },
      {
        description: 'Shifts a timestamp in milliseconds by one hour; the result is a string.',
        siddhi:
          'define stream InputStream (eventTime long);\n' +
          `from InputStream select time:${name}(eventTime, 1, 'HOUR') as shifted insert into OutputStream;`,
      },
    ],
    create: (args: readonly FunctionArgument[], ctx) => {
      const unitValue = args[2]?.value;
      const unit = typeof unitValue === 'string' ? unitValue.toUpperCase() : '';
      const fromTimestamp = args[0]?.type === 'long';
      const withFormat = args.length === 4;
      return {
        type: 'string',
        call: (v) => {
          const amount = optionalNumber(v[1]);
          if (fromTimestamp) {
            const millis = optionalNumber(v[0]);
            if (millis === null || amount === null) return null;
            return String(addToCalendar(millis, unit, sign * amount, defaultZone()));
          }
          const date = optionalString(v[0]);
          const format = withFormat ? optionalString(v[3]) : DEFAULT_FORMAT;
          if (date === null || amount === null || format === null) return null;
          const parsed = parseDate(date, format, ctx.clock.now());
          return formatDate(addToCalendar(parsed, unit, sign * amount, defaultZone()), format);
        },
      };
    },
  });
}

/** `time:dateAdd(date.value | timestamp.in.milliseconds, expr, unit[, date.format])`. */
export const dateAdd: Extension = shift('dateAdd');
/** `time:dateSub(date.value | timestamp.in.milliseconds, expr, unit[, date.format])`. */
export const dateSub: Extension = shift('dateSub');

const DAY_MS = 86_400_000;
const ORDINALS = ['First', 'Second', 'Third', 'Fourth'] as const;

/** `time:dateDiff(…)`: whole days between two dates (first minus second). */
export const dateDiff: Extension = timeFunction({
  name: 'dateDiff',
  summary: 'Returns the number of whole days between two dates (the first minus the second).',
  description:
    'Dates are strings read with their formats (default ' +
    `\`${DEFAULT_FORMAT}\`) in the default time zone, or timestamps in milliseconds. The ` +
    'difference is truncated towards zero. As in Siddhi the result is a long, and a null ' +
    'argument fails the event.',
  parameters: [
    { name: 'date.value1', types: ['string'], description: 'The first date.', optional: true },
    { name: 'date.value2', types: ['string'], description: 'The second date.', optional: true },
    {
      name: 'date.format1',
      types: ['string'],
      description: `The format of the first date (default \`${DEFAULT_FORMAT}\`).`,
      optional: true,
    },
    {
      name: 'date.format2',
      types: ['string'],
      description: `The format of the second date (default \`${DEFAULT_FORMAT}\`).`,
      optional: true,
    },
    {
      name: 'timestamp.in.milliseconds1',
      types: ['long'],
      description: 'The first date in milliseconds since the epoch.',
      optional: true,
    },
    {
      name: 'timestamp.in.milliseconds2',
      types: ['long'],
      description: 'The second date in milliseconds since the epoch.',
      optional: true,
    },
  ],
  overloads: [
    ['date.value1', 'date.value2', 'date.format1', 'date.format2'],
    ['date.value1', 'date.value2'],
    ['timestamp.in.milliseconds1', 'timestamp.in.milliseconds2'],
  ],
  check: patternCheck([2, 3]),
  returnType: 'long',
  returnDescription: 'The difference in days.',
  examples: [
    {
      description: "'2014-11-11 13:23:44' and '2014-11-9 13:23:44' are 2 days apart.",
      siddhi:
        'define stream InputStream (date1 string, date2 string);\n' +
        "from InputStream select time:dateDiff(date1, date2, 'yyyy-MM-dd HH:mm:ss', " +
        "'yyyy-MM-dd HH:mm:ss') as days insert into OutputStream;",
    },
    {
      description: '1415692424000 and 1412841224000 are 33 days apart.',
      siddhi:
        'define stream InputStream (time1 long, time2 long);\n' +
        'from InputStream select time:dateDiff(time1, time2) as days insert into OutputStream;',
    },
  ],
  create: (args, ctx) => {
    const timestamps = args[0]?.type === 'long';
    const withFormats = args.length === 4;
    const signature = timestamps
      ? 'dateDiff(timestampInMilliseconds1,timestampInMilliseconds2)'
      : 'dateDiff(dateValue1,dateValue2,dateFormat1,dateFormat2)';
    return {
      type: 'long',
      call: (v) => {
        v.forEach((value, i) => {
          if (value === null || value === undefined) {
            throw nullArgument(signature, ORDINALS[i] ?? String(i + 1));
          }
        });
        let first: number;
        let second: number;
        if (timestamps) {
          first = v[0] as number;
          second = v[1] as number;
        } else {
          const now = ctx.clock.now();
          first = parseDate(v[0] as string, withFormats ? (v[2] as string) : DEFAULT_FORMAT, now);
          second = parseDate(v[1] as string, withFormats ? (v[3] as string) : DEFAULT_FORMAT, now);
        }
        return Math.trunc((first - second) / DAY_MS) + 0;
      },
    };
  },
});

/** Every function of this file. */
export const arithmeticFunctions: readonly Extension[] = [dateAdd, dateDiff, dateSub];
