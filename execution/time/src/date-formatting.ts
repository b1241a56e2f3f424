// time:date, dateFormat, dayOfWeek, extract and timezoneConvert: reading dates with Java
// patterns and printing or extracting parts of them — in the default time zone, except
// timezoneConvert, which works on java.time wall-clock values between two given zones.

import type { Extension } from '@tributary/engine/extension-api';
import {
  DateParseError,
  javaDateFormat,
  US_WEEK,
  weekOfYear,
  weekRulesOf,
} from './java-date-format.js';
import { defaultZone, instantOf, javaZoneId, localFields } from './java-zones.js';
import {
  DATE_FORMAT,
  DEFAULT_FORMAT,
  formatDate,
  nullArgument,
  optionalNumber,
  optionalString,
  parseDate,
  patternCheck,
  timeFunction,
} from './time-function.js';

const DATE_STREAM = 'define stream InputStream (eventTime string);\n';

/** `time:date(date.value[, date.format])`. */
export const date: Extension = timeFunction({
  name: 'date',
  summary: 'Extracts the date part of a date or date-time, in `yyyy-MM-dd` format.',
  description:
    `The value is read with its format (default \`${DEFAULT_FORMAT}\`); fields the format ` +
    'lacks default to 1970-01-01. A null value or format gives null.',
  parameters: [
    {
      name: 'date.value',
      types: ['string'],
      description: 'The date, such as `2014-11-11 13:23:44.657`.',
    },
    {
      name: 'date.format',
      types: ['string'],
      description: `The format of the date (default \`${DEFAULT_FORMAT}\`).`,
      optional: true,
    },
  ],
  overloads: [['date.value', 'date.format'], ['date.value']],
  check: patternCheck([1]),
  returnType: 'string',
  returnDescription: 'The date in `yyyy-MM-dd` format.',
  examples: [
    {
      description: "'2014/11/11 13:23:44' gives '2014-11-11'.",
      siddhi:
        DATE_STREAM +
        "from InputStream select time:date(eventTime, 'yyyy/MM/dd HH:mm:ss') as day insert into OutputStream;",
    },
    {
      description: "'2014-11-23 13:23:44.345' gives '2014-11-23'.",
      siddhi:
        DATE_STREAM +
        'from InputStream select time:date(eventTime) as day insert into OutputStream;',
    },
  ],
  create: (args, ctx) => {
    const withFormat = args.length === 2;
    return {
      type: 'string',
      call: (v) => {
        const value = optionalString(v[0]);
        const format = withFormat ? optionalString(v[1]) : DEFAULT_FORMAT;
        if (value === null || format === null) return null;
        return formatDate(parseDate(value, format, ctx.clock.now()), DATE_FORMAT);
      },
    };
  },
});

/** `time:dateFormat(date.value | timestamp.in.milliseconds, date.target.format[, date.source.format])`. */
export const dateFormat: Extension = timeFunction({
  name: 'dateFormat',
  summary: 'Formats a date string or a timestamp in milliseconds in the given date format.',
  description:
    `A date string is read with its source format (default \`${DEFAULT_FORMAT}\`); the ` +
    'result is printed in the default time zone. A null argument gives null.',
  parameters: [
    {
      name: 'date.value',
      types: ['string'],
      description: 'The date, such as `2014-11-11 13:23:44.657`.',
      optional: true,
    },
    {
      name: 'date.target.format',
      types: ['string'],
      description: 'The format to print the date in, such as `yyyy/MM/dd HH:mm:ss`.',
    },
    {
      name: 'date.source.format',
      types: ['string'],
      description: `The format of the date value (default \`${DEFAULT_FORMAT}\`).`,
      optional: true,
    },
    {
      name: 'timestamp.in.milliseconds',
      types: ['long'],
      description: 'The date in milliseconds since the epoch, such as `1415712224000L`.',
      optional: true,
    },
  ],
  overloads: [
    ['date.value', 'date.target.format', 'date.source.format'],
    ['date.value', 'date.target.format'],
    ['timestamp.in.milliseconds', 'date.target.format'],
  ],
  check: patternCheck([1, 2]),
  returnType: 'string',
  returnDescription: 'The formatted date.',
  examples: [
    {
      description: "'2014/11/11 13:23:44' printed as 'mm:ss' is '23:44'.",
      siddhi:
        DATE_STREAM +
        "from InputStream select time:dateFormat(eventTime, 'mm:ss', 'yyyy/MM/dd HH:mm:ss') as minutes " +
        'insert into OutputStream;',
    },
    {
      description: "1415692424000 printed as 'yyyy-MM-dd' is '2014-11-11'.",
      siddhi:
        'define stream InputStream (eventTime long);\n' +
        "from InputStream select time:dateFormat(eventTime, 'yyyy-MM-dd') as day insert into OutputStream;",
    },
  ],
  create: (args, ctx) => {
    const fromTimestamp = args[0]?.type === 'long';
    const withSource = args.length === 3;
    return {
      type: 'string',
      call: (v) => {
        const target = optionalString(v[1]);
        if (target === null) return null;
        if (fromTimestamp) {
          const millis = optionalNumber(v[0]);
          return millis === null ? null : formatDate(millis, target);
        }
        const value = optionalString(v[0]);
        const source = withSource ? optionalString(v[2]) : DEFAULT_FORMAT;
        if (value === null || source === null) return null;
        return formatDate(parseDate(value, source, ctx.clock.now()), target);
      },
    };
  },
});

/** `time:dayOfWeek(date.value[, date.format])`. */
export const dayOfWeek: Extension = timeFunction({
  name: 'dayOfWeek',
  summary: 'Returns the day of the week a date falls on, such as `Thursday`.',
  description:
    'With a format the value is read with it; without one, as in Siddhi, the text up to the ' +
    'first space is read as `yyyy-MM-dd`. A null value or format gives null.',
  parameters: [
    {
      name: 'date.value',
      types: ['string'],
      description: 'The date, such as `2014-11-11 13:23:44.657`.',
    },
    {
      name: 'date.format',
      types: ['string'],
      description: `The format of the date (default \`${DEFAULT_FORMAT}\`).`,
      optional: true,
    },
  ],
  overloads: [['date.value', 'date.format'], ['date.value']],
  check: patternCheck([1]),
  returnType: 'string',
  returnDescription: 'One of `Monday` … `Sunday`.',
  examples: [
    {
      description: "'2014/12/11 13:23:44' is a 'Thursday'.",
      siddhi:
        DATE_STREAM +
        "from InputStream select time:dayOfWeek(eventTime, 'yyyy/MM/dd HH:mm:ss') as day insert into OutputStream;",
    },
    {
      description: "'2014-11-11 13:23:44.345' is a 'Tuesday'.",
      siddhi:
        DATE_STREAM +
        'from InputStream select time:dayOfWeek(eventTime) as day insert into OutputStream;',
    },
  ],
  create: (args, ctx) => {
    const withFormat = args.length === 2;
    return {
      type: 'string',
      call: (v) => {
        const value = optionalString(v[0]);
        if (value === null) return null;
        const now = ctx.clock.now();
        if (!withFormat) {
          const day = value.split(' ')[0] ?? '';
          try {
            return formatDate(parseDate(day, DATE_FORMAT, now), 'EEEE');
          } catch (error) {
            if (error instanceof Error) {
              throw new Error(
                `Provided format ${DEFAULT_FORMAT} does not match with the timestamp ${value}`,
                { cause: error },
              );
            }
            throw error;
          }
        }
        const format = optionalString(v[1]);
        if (format === null) return null;
        return formatDate(parseDate(value, format, now), 'EEEE');
      },
    };
  },
});

/** The value of a Siddhi extract unit; 0 for an unknown unit. */
function extractUnit(epochMs: number, unit: string, locale: string | undefined): number {
  const f = localFields(epochMs, defaultZone());
  switch (unit) {
    case 'YEAR':
      return f.year;
    case 'MONTH':
      return f.month;
    case 'QUARTER':
      return Math.floor((f.month - 1) / 3) + 1;
    case 'DAY':
      return f.day;
    case 'HOUR':
      return f.hour;
    case 'MINUTE':
      return f.minute;
    case 'SECOND':
      return f.second;
    case 'WEEK':
      return weekOfYear(f, locale === undefined ? US_WEEK : weekRulesOf(locale)).week;
    default:
      return 0;
  }
}

/** `time:extract(…)`: one unit of a date. */
export const extract: Extension = timeFunction({
  name: 'extract',
  summary: 'Extracts a unit (YEAR, MONTH, DAY, HOUR, …) from a date string or a timestamp.',
  description:
    'Units: `YEAR`, `QUARTER`, `MONTH`, `WEEK` (week of the year by the locale’s week rules, ' +
    'en_US by default), `DAY` (of the month), `HOUR` (0–23), `MINUTE`, `SECOND`; another unit ' +
    `gives 0. A date string is read with its format (default \`${DEFAULT_FORMAT}\`) in the ` +
    'default time zone. A null date or format fails the event.',
  parameters: [
    {
      name: 'unit',
      types: ['string'],
      description: 'The unit to extract, such as `YEAR` or `HOUR` (a constant).',
      constant: true,
    },
    {
      name: 'date.value',
      types: ['string'],
      description: 'The date, such as `2014-11-11 13:23:44.657`.',
      optional: true,
    },
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
    {
      name: 'locale',
      types: ['string'],
      description: 'A Java locale such as `en_US` or `fr_FR` (a constant); it sets the week rules.',
      optional: true,
      constant: true,
    },
  ],
  overloads: [
    ['unit', 'date.value'],
    ['unit', 'date.value', 'date.format'],
    ['unit', 'date.value', 'date.format', 'locale'],
    ['timestamp.in.milliseconds', 'unit'],
    ['timestamp.in.milliseconds', 'unit', 'locale'],
  ],
  check: (args) => (args[0]?.type === 'long' ? undefined : patternCheck([2])(args)),
  returnType: 'int',
  returnDescription: 'The value of the unit.',
  examples: [
    {
      description: "The year of '2019/11/11 13:23:44.657' is 2019.",
      siddhi:
        DATE_STREAM +
        "from InputStream select time:extract('YEAR', eventTime, 'yyyy/MM/dd HH:mm:ss.SSS') as year " +
        'insert into OutputStream;',
    },
    {
      description: 'The hour of 1394556804000: 16 in UTC, 22 in India.',
      siddhi:
        'define stream InputStream (eventTime long);\n' +
        "from InputStream select time:extract(eventTime, 'HOUR') as hour insert into OutputStream;",
    },
  ],
  create: (args, ctx) => {
    const fromTimestamp = args[0]?.type === 'long';
    const unitValue = args[fromTimestamp ? 1 : 0]?.value;
    const unit = typeof unitValue === 'string' ? unitValue.toUpperCase() : '';
    const localeArg = args[fromTimestamp ? 2 : 3];
    const locale = typeof localeArg?.value === 'string' ? localeArg.value : undefined;
    const count = args.length;
    const signature =
      (fromTimestamp
        ? 'extract(timestampInMilliseconds,unit'
        : 'extract(unit,dateValue,dateFormat') + (locale === undefined ? ')' : ', locale)');
    return {
      type: 'int',
      call: (v) => {
        if (fromTimestamp) {
          const millis = optionalNumber(v[0]);
          if (millis === null) throw nullArgument(signature, 'First');
          return extractUnit(millis, unit, locale);
        }
        const value = optionalString(v[1]);
        if (value === null) throw nullArgument(signature, 'Second');
        const format = count >= 3 ? optionalString(v[2]) : DEFAULT_FORMAT;
        if (format === null) throw nullArgument(signature, 'Third');
        return extractUnit(parseDate(value, format, ctx.clock.now()), unit, locale);
      },
    };
  },
});

/** `time:timezoneConvert(date.value, date.source.format, target.timezone[, source.timezone])`. */
export const timezoneConvert: Extension = timeFunction({
  name: 'timezoneConvert',
  summary: 'Converts a date-time from one time zone (the system zone by default) to another.',
  description:
    'The value is read as a java.time `LocalDateTime` with the DateTimeFormatter pattern ' +
    '(the whole text must match, and it needs a date and a time), placed in the source zone ' +
    'and printed with the same pattern in the target zone. Zones are Java ZoneIds, including ' +
    'short ids such as `IST` or `PST`. A null argument gives null.',
  parameters: [
    {
      name: 'date.value',
      types: ['string'],
      description: 'The date-time, such as `2014-11-11 13:23:44`.',
    },
    {
      name: 'date.source.format',
      types: ['string'],
      description: 'The java.time pattern of the value, such as `yyyy-MM-dd HH:mm:ss`.',
    },
    {
      name: 'target.timezone',
      types: ['string'],
      description: 'The zone to convert to, such as `Asia/Kolkata` or `UTC`.',
    },
    {
      name: 'source.timezone',
      types: ['string'],
      description: 'The zone of the value (default: the system zone).',
      optional: true,
    },
  ],
  overloads: [
    ['date.value', 'date.source.format', 'target.timezone'],
    ['date.value', 'date.source.format', 'target.timezone', 'source.timezone'],
  ],
  check: patternCheck([1], 'java-time'),
  returnType: 'string',
  returnDescription: 'The date-time in the target zone, in the same format.',
  examples: [
    {
      description: "'2014/11/11 13:23:44' in IST is '2014/11/11 07:53:44' in UTC.",
      siddhi:
        DATE_STREAM +
        "from InputStream select time:timezoneConvert(eventTime, 'yyyy/MM/dd HH:mm:ss', 'UTC', 'IST') " +
        'as utcTime insert into OutputStream;',
    },
  ],
  create: (args) => {
    const withSource = args.length === 4;
    return {
      type: 'string',
      call: (v) => {
        const value = optionalString(v[0]);
        const pattern = optionalString(v[1]);
        const target = optionalString(v[2]);
        const source = withSource ? optionalString(v[3]) : '';
        if (value === null || pattern === null || target === null || source === null) return null;
        const sourceZone = withSource ? javaZoneId(source) : defaultZone();
        const targetZone = javaZoneId(target);
        const format = javaDateFormat(pattern, 'java-time');
        let instant: number;
        try {
          instant = instantOf(format.parseLocalDateTime(value), sourceZone);
        } catch (error) {
          if (error instanceof DateParseError) {
            throw new Error(
              `Provided date value : ${value} cannot be parsed by given pattern ${pattern}.${error.message}`,
            );
          }
          throw error;
        }
        return format.format(instant, targetZone);
      },
    };
  },
});

/** Every function of this file. */
export const formattingFunctions: readonly Extension[] = [
  date,
  dateFormat,
  dayOfWeek,
  extract,
  timezoneConvert,
];
