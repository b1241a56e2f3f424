// Times of incremental aggregations: `aggregate by` strings and `within` bounds are dates
// `yyyy-MM-dd HH:mm:ss [±hh:mm]` (GMT without an offset); a single `within` bound may be a
// pattern whose trailing fields are `**` (`'2017-06-** **:**:**'` is the month of June 2017);
// `per` names a duration in any spelling (`sec`, `second`, `seconds`, `months`…).

import { parseDurationName } from '../../compiler/validation/annotations.js';
import type { TimeUnit } from '../../query-api/index.js';

const DATE =
  /^(\d{4}|\*{4})-(\d{2}|\*\*)-(\d{2}|\*\*) (\d{2}|\*\*):(\d{2}|\*\*):(\d{2}|\*\*)(?: ?([+-])(\d{2}):(\d{2}))?$/;

/** A `[start, end)` range of AGG_TIMESTAMP values. */
export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

interface DateFields {
  readonly fields: readonly (number | undefined)[];
  readonly offset: number;
}

function dateFields(text: string): DateFields | undefined {
  const m = DATE.exec(text.trim());
  if (m === null) return undefined;
  const fields = m.slice(1, 7).map((f) => (f.startsWith('*') ? undefined : Number(f)));
  const sign = m[7] === '-' ? -1 : 1;
  const offset = m[7] === undefined ? 0 : sign * (Number(m[8]) * 60 + Number(m[9])) * 60_000;
  return { fields, offset };
}

function utc(fields: readonly number[], offset: number): number {
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = fields;
  return Date.UTC(y, mo - 1, d, h, mi, s) - offset;
}

/**
 * Milliseconds of a date `yyyy-MM-dd HH:mm:ss [±hh:mm]`; undefined when it is not one.
 * @example
 * parseAggregationDate('2017-06-01 09:35:51 +05:30') // 1496289951000
 */
export function parseAggregationDate(text: string): number | undefined {
  const parsed = dateFields(text);
  if (parsed === undefined || parsed.fields.some((f) => f === undefined)) return undefined;
  return utc(parsed.fields as number[], parsed.offset);
}

/**
 * The range a one-bound `within` pattern covers: its fixed fields, up to the first `**`.
 * @example
 * parseWithinPattern('2017-06-** **:**:**') // { start: June 1 2017, end: July 1 2017 } (GMT)
 */
export function parseWithinPattern(text: string): TimeRange | undefined {
  const parsed = dateFields(text);
  if (parsed === undefined) return undefined;
  const { fields, offset } = parsed;
  let fixed = fields.findIndex((f) => f === undefined);
  if (fixed < 0) fixed = fields.length;
  if (fixed === 0 || fields.slice(fixed).some((f) => f !== undefined)) return undefined;
  const head = fields.slice(0, fixed) as number[];
  const start = utc(head, offset);
  const next = [...head];
  next[fixed - 1] = (next[fixed - 1] ?? 0) + 1;
  return { start, end: utc(next, offset) };
}

/** A bound's value as ms: a long, or a date string (not a pattern). */
function boundMillis(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string') return parseAggregationDate(value);
  return undefined;
}

/**
 * The range of `within start[, end]` from the bounds' runtime values; a string saying what is
 * wrong when they do not make a range.
 * @example
 * withinRange('2017-06-** **:**:**', undefined) // { start: …, end: … }
 * withinRange(1496289951000, 1496289952001)     // { start: 1496289951000, end: 1496289952001 }
 */
export function withinRange(start: unknown, end: unknown): TimeRange | string {
  if (end === undefined) {
    if (typeof start !== 'string') return 'a single within bound must be a date pattern string';
    return parseWithinPattern(start) ?? `'${start}' is not a within pattern`;
  }
  const from = boundMillis(start);
  const to = boundMillis(end);
  if (from === undefined)
    return `'${JSON.stringify(start)}' is not a within bound (a long or a date)`;
  if (to === undefined) return `'${JSON.stringify(end)}' is not a within bound (a long or a date)`;
  if (from >= to) return 'the within start must be before its end';
  return { start: from, end: to };
}

/**
 * The duration a `per` value names, if it is an aggregation duration.
 * @example
 * parsePer('seconds') // 'sec'
 */
export function parsePer(value: unknown): TimeUnit | undefined {
  return typeof value === 'string' ? parseDurationName(value) : undefined;
}
