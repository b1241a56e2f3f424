// Siddhi's time strings in annotation values (`'1 sec'`, `'100 milliseconds'`) and duration
// names (`sec`, `min`…): shared by the validator, option parsing and the runtime.

import type { TimeUnit } from '../query-api/index.js';
import { TIME_UNIT_MILLIS } from '../query-api/index.js';

const TIME_UNITS: Readonly<Record<string, TimeUnit>> = {
  ms: 'millisec',
  millisec: 'millisec',
  millisecs: 'millisec',
  millisecond: 'millisec',
  milliseconds: 'millisec',
  s: 'sec',
  sec: 'sec',
  secs: 'sec',
  second: 'sec',
  seconds: 'sec',
  m: 'min',
  min: 'min',
  mins: 'min',
  minute: 'min',
  minutes: 'min',
  h: 'hour',
  hour: 'hour',
  hours: 'hour',
  d: 'day',
  day: 'day',
  days: 'day',
  w: 'week',
  week: 'week',
  weeks: 'week',
  month: 'month',
  months: 'month',
  y: 'year',
  year: 'year',
  years: 'year',
};

/** `'1 sec'`, `'100 milliseconds'`, `'2 h'` → milliseconds; undefined when invalid. */
export function parseTimeString(text: string): number | undefined {
  const m = /^\s*(\d+)\s*([a-zA-Z]+)\s*$/.exec(text);
  if (m === null) return undefined;
  const unit = TIME_UNITS[(m[2] ?? '').toLowerCase()];
  if (unit === undefined) return undefined;
  return Number(m[1]) * TIME_UNIT_MILLIS[unit];
}

/** Duration names used by `per`, `@retentionPeriod` keys and similar. */
export function parseDurationName(text: string): TimeUnit | undefined {
  const unit = TIME_UNITS[text.trim().toLowerCase()];
  return unit === undefined || unit === 'millisec' || unit === 'week' ? undefined : unit;
}
