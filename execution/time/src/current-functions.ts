// time:currentDate, currentTime, currentTimestamp, utcTimestamp and timestampInMilliseconds:
// the app clock's now (virtual in tests and playback), printed in the default zone, a given
// zone or UTC; timestampInMilliseconds also reads a date string into milliseconds.

import type { Extension } from '@tributary/engine/extension-api';
import { javaDateFormat } from './java-date-format.js';
import { javaTimeZone, javaZoneId } from './java-zones.js';
import {
  DEFAULT_FORMAT,
  formatDate,
  optionalString,
  parseDate,
  patternCheck,
  timeFunction,
} from './time-function.js';

const STREAM = 'define stream InputStream (symbol string, price double);\n';

/** `time:currentDate()`. */
export const currentDate: Extension = timeFunction({
  name: 'currentDate',
  summary: 'Returns the current date in `yyyy-MM-dd` format.',
  description: "The current time is the app's clock, in the host's default time zone.",
  parameters: [],
  overloads: [[]],
  returnType: 'string',
  returnDescription: 'The current date, such as `2019-06-21`.',
  examples: [
    {
      description: 'Adds the current date to each event.',
      siddhi:
        STREAM +
        'from InputStream select symbol, time:currentDate() as today insert into OutputStream;',
    },
  ],
  create: (_args, ctx) => ({
    type: 'string',
    call: () => formatDate(ctx.clock.now(), 'yyyy-MM-dd'),
  }),
});

/** `time:currentTime()`. */
export const currentTime: Extension = timeFunction({
  name: 'currentTime',
  summary: 'Returns the current time in `HH:mm:ss` format.',
  description: "The current time is the app's clock, in the host's default time zone.",
  parameters: [],
  overloads: [[]],
  returnType: 'string',
  returnDescription: 'The current time, such as `15:23:24`.',
  examples: [
    {
      description: 'Adds the current time to each event.',
      siddhi:
        STREAM +
        'from InputStream select symbol, time:currentTime() as now insert into OutputStream;',
    },
  ],
  create: (_args, ctx) => ({ type: 'string', call: () => formatDate(ctx.clock.now(), 'HH:mm:ss') }),
});

const TIMESTAMP = javaDateFormat('yyyy-MM-dd HH:mm:ss', 'java-time');

/** `time:currentTimestamp([timezone])`. */
export const currentTimestamp: Extension = timeFunction({
  name: 'currentTimestamp',
  summary:
    'Returns the current timestamp in `yyyy-MM-dd HH:mm:ss` format, optionally in a time zone.',
  description:
    'Without an argument (or with a null one) the default time zone is used. A zone is a ' +
    'Java ZoneId: a region such as `Asia/Kolkata`, an offset, or a short id such as `PST` ' +
    'or `IST`; an unknown zone fails the event.',
  parameters: [
    {
      name: 'timezone',
      types: ['string'],
      description: 'The time zone to print the current time in (default: the system zone).',
      optional: true,
    },
  ],
  overloads: [[], ['timezone']],
  returnType: 'string',
  returnDescription: 'The current timestamp, such as `2019-03-31 14:07:00`.',
  examples: [
    {
      description: 'The current time in the system zone.',
      siddhi:
        STREAM +
        'from InputStream select symbol, time:currentTimestamp() as now insert into OutputStream;',
    },
    {
      description: "The current time in 'Asia/Kolkata', such as `2019-03-31 19:07:00`.",
      siddhi:
        STREAM +
        "from InputStream select symbol, time:currentTimestamp('Asia/Kolkata') as now insert into OutputStream;",
    },
  ],
  create: (_args, ctx) => ({
    type: 'string',
    call: (v) => {
      const now = ctx.clock.now();
      const zone = optionalString(v[0]);
      if (zone === null) return formatDate(now, 'yyyy-MM-dd HH:mm:ss');
      return TIMESTAMP.format(now, javaZoneId(zone));
    },
  }),
});

/** `time:utcTimestamp([date.format])`. */
export const utcTimestamp: Extension = timeFunction({
  name: 'utcTimestamp',
  summary: 'Returns the current time in UTC, in `yyyy-MM-dd HH:mm:ss` or the given format.',
  parameters: [
    {
      name: 'date.format',
      types: ['string'],
      description: 'The format to print in (default `yyyy-MM-dd HH:mm:ss`).',
      optional: true,
    },
  ],
  overloads: [[], ['date.format']],
  check: patternCheck([0]),
  returnType: 'string',
  returnDescription: 'The current UTC time, such as `2019-07-03 09:58:34`.',
  examples: [
    {
      description: 'The current UTC time, such as `2019-07-03 09:58:34`.',
      siddhi:
        STREAM +
        'from InputStream select symbol, time:utcTimestamp() as now insert into OutputStream;',
    },
    {
      description: 'The current UTC time with milliseconds.',
      siddhi:
        STREAM +
        "from InputStream select symbol, time:utcTimestamp('yyyy-MM-dd HH:mm:ss.SSS') as now " +
        'insert into OutputStream;',
    },
  ],
  create: (args, ctx) => {
    const utc = javaTimeZone('UTC');
    const withFormat = args.length === 1;
    return {
      type: 'string',
      call: (v) => {
        const now = ctx.clock.now();
        if (!withFormat) return javaDateFormat('yyyy-MM-dd HH:mm:ss', 'simple').format(now, utc);
        const format = optionalString(v[0]);
        if (format === null) {
          throw new Error(
            'Invalid input given to time:utcTimestamp(dateFormat) function. The format cannot be null',
          );
        }
        return javaDateFormat(format, 'simple').format(now, utc);
      },
    };
  },
});

/** `time:timestampInMilliseconds([date.value[, date.format]])`. */
export const timestampInMilliseconds: Extension = timeFunction({
  name: 'timestampInMilliseconds',
  summary: 'Returns the current time, or the given date, in milliseconds since the epoch.',
  description:
    'Without arguments the current time of the app clock. A date value is read with its format ' +
    `(default \`${DEFAULT_FORMAT}\`) in the default time zone; as in Siddhi, a null date value ` +
    'alone gives the current time, and a null value or format with a format gives null.',
  parameters: [
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
  ],
  overloads: [[], ['date.value', 'date.format'], ['date.value']],
  check: patternCheck([1]),
  returnType: 'long',
  returnDescription: 'Milliseconds since the epoch.',
  examples: [
    {
      description: 'The current time in milliseconds.',
      siddhi:
        STREAM +
        'from InputStream select symbol, time:timestampInMilliseconds() as now insert into OutputStream;',
    },
    {
      description: "'2007-11-30 10:30:19' as milliseconds (1196418619000 in UTC).",
      siddhi:
        'define stream InputStream (eventTime string);\n' +
        "from InputStream select time:timestampInMilliseconds(eventTime, 'yyyy-MM-dd HH:mm:ss') as millis " +
        'insert into OutputStream;',
    },
  ],
  create: (args, ctx) => {
    const count = args.length;
    return {
      type: 'long',
      call: (v) => {
        const now = ctx.clock.now();
        if (count === 0) return now;
        const value = optionalString(v[0]);
        if (count === 1) return value === null ? now : parseDate(value, DEFAULT_FORMAT, now);
        const format = optionalString(v[1]);
        if (value === null || format === null) return null;
        return parseDate(value, format, now);
      },
    };
  },
});

/** Every function of this file. */
export const currentFunctions: readonly Extension[] = [
  currentDate,
  currentTime,
  currentTimestamp,
  timestampInMilliseconds,
  utcTimestamp,
];
