// Java date patterns, formatted and parsed as Siddhi's time functions do: SimpleDateFormat /
// FastDateFormat patterns ('yyyy-MM-dd HH:mm:ss.SSS', 'EEE', 'a', 'Z', 'X', 'S' as
// milliseconds) parsed leniently like a Java calendar, and java.time DateTimeFormatter
// patterns ('S' as a fraction) parsed strictly into a LocalDateTime.

import {
  fixedZone,
  formatOffset,
  instantOf,
  javaZoneId,
  localFields,
  utcMillisOf,
  type LocalFields,
  type Zone,
} from './java-zones.js';

/** Which Java API the pattern is for. */
export type Dialect = 'simple' | 'java-time';

type Token =
  | { readonly kind: 'field'; readonly letter: string; readonly count: number }
  | { readonly kind: 'literal'; readonly text: string };

/** A pattern Java rejects (`IllegalArgumentException`). */
export class DatePatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatePatternError';
  }
}

/** A text that does not match its pattern (`ParseException` / `DateTimeParseException`). */
export class DateParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DateParseError';
  }
}

const SIMPLE_LETTERS = 'GyYMLwWDdFEuaHkKhmsSzZX';
const JAVA_TIME_LETTERS = 'GuyDMLdQqYwWEecFaKkHhmsSnNVzOXxZ';

function tokenize(pattern: string, dialect: Dialect): Token[] {
  const letters = dialect === 'simple' ? SIMPLE_LETTERS : JAVA_TIME_LETTERS;
  const tokens: Token[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal !== '') tokens.push({ kind: 'literal', text: literal });
    literal = '';
  };
  for (let i = 0; i < pattern.length;) {
    const c = pattern.charAt(i);
    if (c === "'") {
      if (pattern.charAt(i + 1) === "'") {
        literal += "'";
        i += 2;
        continue;
      }
      let j = i + 1;
      for (;;) {
        if (j >= pattern.length) {
          if (dialect === 'java-time') {
            throw new DatePatternError(
              `Pattern ends with an incomplete string literal: ${pattern}`,
            );
          }
          break;
        }
        if (pattern.charAt(j) === "'") {
          if (pattern.charAt(j + 1) === "'") {
            literal += "'";
            j += 2;
            continue;
          }
          break;
        }
        literal += pattern.charAt(j);
        j += 1;
      }
      i = j + 1;
      continue;
    }
    if (/[a-zA-Z]/.test(c)) {
      if (!letters.includes(c)) {
        throw new DatePatternError(
          dialect === 'simple' ? `Illegal pattern component: ${c}` : `Unknown pattern letter: ${c}`,
        );
      }
      let j = i;
      while (pattern.charAt(j) === c) j += 1;
      flush();
      tokens.push({ kind: 'field', letter: c, count: j - i });
      i = j;
      continue;
    }
    if (dialect === 'java-time' && '[]{}#'.includes(c)) {
      throw new DatePatternError(`Pattern includes reserved character: '${c}'`);
    }
    literal += c;
    i += 1;
  }
  flush();
  return tokens;
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Week rules: Java's first day of week (1 = Sunday … 7 = Saturday) and minimal days. */
export interface WeekRules {
  readonly firstDay: number;
  readonly minimalDays: number;
}

interface WeekInfo {
  readonly firstDay: number;
  readonly minimalDays: number;
}

/** `Intl.Locale` week data: a getter in older runtimes, a method in newer ones. */
type LocaleWithWeekInfo = Intl.Locale & {
  readonly weekInfo?: WeekInfo;
  readonly getWeekInfo?: () => WeekInfo;
};

/** en_US, Java's usual default locale. */
export const US_WEEK: WeekRules = { firstDay: 1, minimalDays: 1 };

/**
 * The week rules of a Java locale name (`fr_FR`, `en_GB`), from the CLDR data Java also uses.
 * @example
 * weekRulesOf('fr_FR'); // { firstDay: 2, minimalDays: 4 }
 */
export function weekRulesOf(locale: string): WeekRules {
  try {
    const tag = new Intl.Locale(locale.replace(/_/g, '-')) as LocaleWithWeekInfo;
    const info = typeof tag.getWeekInfo === 'function' ? tag.getWeekInfo() : tag.weekInfo;
    if (info === undefined) return US_WEEK;
    // Intl counts Monday = 1 … Sunday = 7; Java counts Sunday = 1 … Saturday = 7
    return { firstDay: (info.firstDay % 7) + 1, minimalDays: info.minimalDays };
  } catch {
    return US_WEEK;
  }
}

const DAY_MS = 86_400_000;

function epochDay(year: number, month: number, day: number): number {
  return Math.floor(
    utcMillisOf({ year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 }) / DAY_MS,
  );
}

/** Java's day of week of an epoch day: 1 = Sunday … 7 = Saturday. */
function javaDayOfWeek(day: number): number {
  return ((((day + 4) % 7) + 7) % 7) + 1;
}

function onOrBefore(day: number, dayOfWeek: number): number {
  return day - ((javaDayOfWeek(day) - dayOfWeek + 7) % 7);
}

function weekNumber(periodStart: number, day: number, rules: WeekRules): number {
  let first = onOrBefore(periodStart + 6, rules.firstDay);
  if (first - periodStart >= rules.minimalDays) first -= 7;
  return Math.floor((day - first) / 7) + 1;
}

/** Calendar.WEEK_OF_YEAR and the week-based year of a date. */
export function weekOfYear(f: LocalFields, rules: WeekRules): { week: number; weekYear: number } {
  const day = epochDay(f.year, f.month, f.day);
  const jan1 = epochDay(f.year, 1, 1);
  let week = weekNumber(jan1, day, rules);
  let weekYear = f.year;
  if (week === 0) {
    week = weekNumber(epochDay(f.year - 1, 1, 1), jan1 - 1, rules);
    weekYear -= 1;
  } else if (week >= 52) {
    const nextJan1 = epochDay(f.year + 1, 1, 1);
    const nextFirst = onOrBefore(nextJan1 + 6, rules.firstDay);
    if (nextFirst - nextJan1 >= rules.minimalDays && day >= nextFirst - 7) {
      week = 1;
      weekYear += 1;
    }
  }
  return { week, weekYear };
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s);
}

/** The fields a formatter prints from. */
interface Moment {
  readonly epochMs: number;
  readonly fields: LocalFields;
  readonly zone: Zone;
  readonly offset: number;
}

function isoOffset(offset: number, count: number, zeroAsZ: boolean, dialect: Dialect): string {
  if (offset === 0 && zeroAsZ) return 'Z';
  const full = formatOffset(offset, count >= 3);
  if (count !== 1) return full;
  // one letter: SimpleDateFormat prints the hours only; java.time adds non-zero minutes
  return dialect === 'simple' || offset % 60 === 0 ? full.slice(0, 3) : full;
}

function formatField(
  letter: string,
  count: number,
  m: Moment,
  dialect: Dialect,
  week: WeekRules,
): string {
  const f = m.fields;
  const simple = dialect === 'simple';
  const yearOfEra = f.year > 0 ? f.year : 1 - f.year;
  // computed only for the letters that need them (a Date per call)
  const day = (): number => epochDay(f.year, f.month, f.day);
  const dow = (): number => javaDayOfWeek(day());
  switch (letter) {
    case 'G':
      return f.year > 0 ? 'AD' : 'BC';
    case 'y':
    case 'u':
    case 'Y': {
      let value = letter === 'y' ? yearOfEra : f.year;
      if (letter === 'u' && simple) return pad(dow() === 1 ? 7 : dow() - 1, count);
      if (letter === 'Y') value = weekOfYear(f, week).weekYear;
      if (count === 2) return pad(Math.abs(value) % 100, 2);
      return pad(value, simple || count >= 4 ? count : count === 3 ? 3 : 1);
    }
    case 'M':
    case 'L': {
      const name = MONTHS[f.month - 1] ?? '';
      if (count >= 5 && !simple) return name.charAt(0);
      if (count >= 4) return name;
      if (count === 3) return name.slice(0, 3);
      return pad(f.month, count);
    }
    case 'Q':
    case 'q': {
      const quarter = Math.floor((f.month - 1) / 3) + 1;
      if (count === 3) return `Q${String(quarter)}`;
      if (count >= 4) return `${['1st', '2nd', '3rd', '4th'][quarter - 1] ?? ''} quarter`;
      return pad(quarter, count);
    }
    case 'w':
      return pad(weekOfYear(f, week).week, count);
    case 'W': {
      const first = epochDay(f.year, f.month, 1);
      return pad(weekNumber(first, day(), week), count);
    }
    case 'D':
      return pad(day() - epochDay(f.year, 1, 1) + 1, count);
    case 'd':
      return pad(f.day, count);
    case 'F':
      return pad(Math.floor((f.day - 1) / 7) + 1, count);
    case 'E': {
      const name = DAYS[dow() - 1] ?? '';
      if (count >= 5 && !simple) return name.charAt(0);
      return count >= 4 ? name : name.slice(0, 3);
    }
    case 'e':
    case 'c':
      if (count >= 3) return formatField('E', count, m, dialect, week);
      return pad(((dow() - week.firstDay + 7) % 7) + 1, count);
    case 'a':
      return f.hour < 12 ? 'AM' : 'PM';
    case 'H':
      return pad(f.hour, count);
    case 'k':
      return pad(f.hour === 0 ? 24 : f.hour, count);
    case 'K':
      return pad(f.hour % 12, count);
    case 'h':
      return pad(f.hour % 12 === 0 ? 12 : f.hour % 12, count);
    case 'm':
      return pad(f.minute, count);
    case 's':
      return pad(f.second, count);
    case 'S':
      if (simple) return pad(f.millisecond, count);
      return (String(f.millisecond).padStart(3, '0') + '0'.repeat(Math.max(0, count - 3))).slice(
        0,
        count,
      );
    case 'n':
      return pad(f.millisecond * 1_000_000, count);
    case 'N':
      return pad(((f.hour * 60 + f.minute) * 60 + f.second) * 1e9 + f.millisecond * 1e6, count);
    case 'V':
      return m.zone.id;
    case 'z':
      return m.zone.nameAt(m.epochMs, count >= 4);
    case 'O':
      if (m.offset === 0) return 'GMT';
      return count >= 4
        ? `GMT${formatOffset(m.offset)}`
        : `GMT${m.offset < 0 ? '-' : '+'}${String(Math.floor(Math.abs(m.offset) / 60))}${
            Math.abs(m.offset) % 60 === 0 ? '' : `:${pad(Math.abs(m.offset) % 60, 2)}`
          }`;
    case 'Z':
      if (simple || count <= 3) return formatOffset(m.offset, false);
      if (count === 4) return m.offset === 0 ? 'GMT' : `GMT${formatOffset(m.offset)}`;
      return m.offset === 0 ? 'Z' : formatOffset(m.offset);
    case 'X':
    case 'x':
      return isoOffset(m.offset, count, letter === 'X', dialect);
    default:
      return '';
  }
}

const NUMERIC = new Set([
  'y',
  'u',
  'Y',
  'w',
  'W',
  'D',
  'd',
  'F',
  'H',
  'k',
  'K',
  'h',
  'm',
  's',
  'S',
  'n',
  'N',
  'e',
  'c',
]);

function isNumeric(t: Token | undefined, dialect: Dialect): boolean {
  if (t?.kind !== 'field') return false;
  if (t.letter === 'M' || t.letter === 'L' || t.letter === 'Q' || t.letter === 'q')
    return t.count <= 2;
  if (t.letter === 'u' && dialect === 'simple') return true;
  if (t.letter === 'e' || t.letter === 'c') return t.count <= 2;
  return NUMERIC.has(t.letter);
}

/** The fields a parse collects before they are resolved. */
interface Parsed {
  year?: number;
  twoDigitYear?: boolean;
  month?: number;
  day?: number;
  dayOfYear?: number;
  hourOfDay?: number;
  hour12?: number;
  pm?: boolean;
  minute?: number;
  second?: number;
  millisecond?: number;
  bc?: boolean;
  zone?: Zone;
}

function matchName(
  text: string,
  at: number,
  names: readonly string[],
): { index: number; length: number } | undefined {
  let best: { index: number; length: number } | undefined;
  const rest = text.slice(at).toLowerCase();
  names.forEach((name, index) => {
    for (const candidate of [name, name.slice(0, 3)]) {
      if (
        rest.startsWith(candidate.toLowerCase()) &&
        (best === undefined || candidate.length > best.length)
      ) {
        best = { index, length: candidate.length };
      }
    }
  });
  return best;
}

const ZONE_TEXT =
  /^(?:(?:GMT|UTC)(?:[+-]\d{1,2}(?::?\d{2})?)?|Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z_]+\/[A-Za-z_/+-]+|[A-Z]{2,5})/;
const OFFSET_TEXT = /^(?:Z|[+-]\d{2}(?::?\d{2})?)/;

function zoneFromText(text: string): Zone | undefined {
  if (text === 'Z') return fixedZone('Z', 0);
  try {
    const stripped = /^(?:GMT|UTC)[+-]/.test(text) ? text.slice(3) : text;
    const m = /^([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(stripped);
    if (m !== null) {
      const minutes = Number(m[2]) * 60 + Number(m[3] ?? '0');
      return fixedZone(text, m[1] === '-' ? -minutes : minutes);
    }
    return javaZoneId(text);
  } catch {
    return undefined;
  }
}

/**
 * A compiled Java date pattern.
 * @example
 * const f = javaDateFormat('yyyy-MM-dd HH:mm:ss.SSS', 'simple');
 * f.format(0, javaZoneId('UTC')); // '1970-01-01 00:00:00.000'
 */
export class JavaDateFormat {
  private readonly tokens: readonly Token[];

  constructor(
    readonly pattern: string,
    readonly dialect: Dialect,
  ) {
    this.tokens = tokenize(pattern, dialect);
    for (const t of this.tokens) {
      if (t.kind === 'field' && t.letter === 'X' && t.count > 3 && dialect === 'simple') {
        throw new DatePatternError('invalid ISO 8601 format: length=' + String(t.count));
      }
    }
  }

  /** The instant printed in `zone`. */
  format(epochMs: number, zone: Zone, week: WeekRules = US_WEEK): string {
    const moment: Moment = {
      epochMs,
      fields: localFields(epochMs, zone),
      zone,
      offset: zone.offsetAt(epochMs),
    };
    let out = '';
    for (const t of this.tokens) {
      out +=
        t.kind === 'literal' ? t.text : formatField(t.letter, t.count, moment, this.dialect, week);
    }
    return out;
  }

  /**
   * FastDateFormat's `parse`: fields are read leniently from the start of `text` (trailing
   * text is ignored); missing fields default to 1970-01-01 00:00:00.000; the instant is in
   * `zone` unless the text names a zone or offset.
   */
  parse(text: string, zone: Zone, nowMs: number): number {
    const p = this.read(text, 'simple');
    return instantOf(this.resolveLenient(p, nowMs, zone), p.zone ?? zone);
  }

  /** `LocalDateTime.parse(text, DateTimeFormatter.ofPattern(pattern))`: strict wall fields. */
  parseLocalDateTime(text: string): LocalFields {
    const p = this.read(text, 'java-time');
    return this.resolveStrict(p, text);
  }

  private read(text: string, mode: Dialect): Parsed {
    const p: Parsed = {};
    let at = 0;
    const fail = (): never => {
      throw new DateParseError(
        mode === 'simple'
          ? `Unparseable date: "${text}"`
          : `Text '${text}' could not be parsed at index ${String(at)}`,
      );
    };
    this.tokens.forEach((t, i) => {
      if (t.kind === 'literal') {
        if (!text.startsWith(t.text, at)) fail();
        at += t.text.length;
        return;
      }
      const { letter, count } = t;
      if (isNumeric(t, this.dialect)) {
        const adjacent = isNumeric(this.tokens[i + 1], this.dialect);
        let width: number | undefined;
        if (mode === 'java-time') {
          if (letter === 'S' || count === 2 || (count >= 3 && letter !== 'y' && letter !== 'u'))
            width = count;
        } else if (adjacent) {
          width = count;
        }
        let digits: string;
        if (width !== undefined) {
          digits = text.slice(at, at + width);
          if (digits.length !== width || !/^\d+$/.test(digits)) fail();
        } else {
          const m = /^[+-]?\d+/.exec(text.slice(at));
          if (m === null) return fail();
          digits = m[0];
          if (mode === 'java-time' && (letter === 'y' || letter === 'u') && count >= 3) {
            if (digits.replace(/^[+-]/, '').length < count) fail();
          }
        }
        at += digits.length;
        this.assignNumber(p, letter, count, digits, mode);
        return;
      }
      switch (letter) {
        case 'M':
        case 'L': {
          const m = matchName(text, at, MONTHS);
          if (m === undefined) return fail();
          p.month = m.index + 1;
          at += m.length;
          return;
        }
        case 'E':
        case 'e':
        case 'c': {
          const m = matchName(text, at, DAYS);
          if (m === undefined) return fail();
          at += m.length;
          return;
        }
        case 'a': {
          const m = matchName(text, at, ['AM', 'PM']);
          if (m === undefined) return fail();
          p.pm = m.index === 1;
          at += m.length;
          return;
        }
        case 'G': {
          const m = matchName(text, at, ['BC', 'AD']);
          if (m === undefined) return fail();
          p.bc = m.index === 0;
          at += m.length;
          return;
        }
        case 'z':
        case 'V':
        case 'O':
        case 'Z':
        case 'X':
        case 'x': {
          const rest = text.slice(at);
          const m = (
            letter === 'X' || letter === 'x' || (letter === 'Z' && count <= 3)
              ? OFFSET_TEXT
              : ZONE_TEXT
          ).exec(rest);
          const parsed = m === null ? undefined : zoneFromText(m[0]);
          if (m === null || parsed === undefined) return fail();
          p.zone = parsed;
          at += m[0].length;
          return;
        }
        default:
          fail();
      }
    });
    if (mode === 'java-time' && at !== text.length) {
      throw new DateParseError(
        `Text '${text}' could not be parsed, unparsed text found at index ${String(at)}`,
      );
    }
    return p;
  }

  private assignNumber(
    p: Parsed,
    letter: string,
    count: number,
    digits: string,
    mode: Dialect,
  ): void {
    const value = Number(digits);
    switch (letter) {
      case 'y':
      case 'u':
      case 'Y':
        if (letter === 'u' && this.dialect === 'simple') return;
        p.year = value;
        p.twoDigitYear = count === 2 && digits.length === 2;
        if (mode === 'java-time' && count === 2) p.year = 2000 + value;
        return;
      case 'M':
      case 'L':
        p.month = value;
        return;
      case 'd':
        p.day = value;
        return;
      case 'D':
        p.dayOfYear = value;
        return;
      case 'H':
        p.hourOfDay = value;
        return;
      case 'k':
        p.hourOfDay = value === 24 ? 0 : value;
        return;
      case 'K':
        p.hour12 = value;
        return;
      case 'h':
        p.hour12 = value === 12 ? 0 : value;
        return;
      case 'm':
        p.minute = value;
        return;
      case 's':
        p.second = value;
        return;
      case 'S':
        // SimpleDateFormat reads 'S' as milliseconds; java.time as a fraction of a second
        p.millisecond = mode === 'simple' ? value : Math.floor(Number(`0.${digits}`) * 1000 + 1e-9);
        return;
      default:
        // week-based fields and day-of-week numbers are read but do not fix the date
        return;
    }
  }

  private resolveLenient(p: Parsed, nowMs: number, zone: Zone): LocalFields {
    let year = p.year ?? 1970;
    if (p.twoDigitYear === true) {
      const start = localFields(nowMs, zone).year - 80;
      const century = Math.floor(start / 100) * 100;
      year = century + year;
      if (year < start) year += 100;
    }
    if (p.bc === true) year = 1 - year;
    let hour = p.hourOfDay;
    if (hour === undefined && p.hour12 !== undefined) hour = p.hour12 + (p.pm === true ? 12 : 0);
    const fields: LocalFields = {
      year,
      month: p.month ?? 1,
      day: p.day ?? 1,
      hour: hour ?? 0,
      minute: p.minute ?? 0,
      second: p.second ?? 0,
      millisecond: p.millisecond ?? 0,
    };
    if (p.dayOfYear !== undefined && p.day === undefined && p.month === undefined) {
      fields.month = 1;
      fields.day = p.dayOfYear;
    }
    return fields;
  }

  private resolveStrict(p: Parsed, text: string): LocalFields {
    const fail = (detail: string): never => {
      throw new DateParseError(`Text '${text}' could not be parsed: ${detail}`);
    };
    let hour = p.hourOfDay;
    if (hour === undefined && p.hour12 !== undefined) {
      if (p.pm === undefined) fail('Unable to obtain LocalDateTime from TemporalAccessor');
      hour = (p.hour12 ?? 0) + (p.pm === true ? 12 : 0);
    }
    const { year, month } = p;
    let day = p.day;
    if (day === undefined && p.dayOfYear !== undefined && year !== undefined) {
      const date = new Date(
        utcMillisOf({
          year,
          month: 1,
          day: p.dayOfYear,
          hour: 0,
          minute: 0,
          second: 0,
          millisecond: 0,
        }),
      );
      return this.resolveStrict(
        { ...p, month: date.getUTCMonth() + 1, day: date.getUTCDate(), dayOfYear: undefined },
        text,
      );
    }
    if (year === undefined || month === undefined || day === undefined || hour === undefined) {
      return fail('Unable to obtain LocalDateTime from TemporalAccessor');
    }
    const minute = p.minute ?? 0;
    const second = p.second ?? 0;
    if (month < 1 || month > 12)
      fail(`Invalid value for MonthOfYear (valid values 1 - 12): ${String(month)}`);
    if (day < 1 || day > 31)
      fail(`Invalid value for DayOfMonth (valid values 1 - 28/31): ${String(day)}`);
    if (hour < 0 || hour > 23)
      fail(`Invalid value for HourOfDay (valid values 0 - 23): ${String(hour)}`);
    if (minute > 59)
      fail(`Invalid value for MinuteOfHour (valid values 0 - 59): ${String(minute)}`);
    if (second > 59)
      fail(`Invalid value for SecondOfMinute (valid values 0 - 59): ${String(second)}`);
    // ResolverStyle.SMART moves the 29th-31st to the last day of a shorter month
    const length = new Date(
      utcMillisOf({
        year,
        month: month + 1,
        day: 0,
        hour: 0,
        minute: 0,
        second: 0,
        millisecond: 0,
      }),
    ).getUTCDate();
    day = Math.min(day, length);
    return {
      year: p.bc === true ? 1 - year : year,
      month,
      day,
      hour,
      minute,
      second,
      millisecond: p.millisecond ?? 0,
    };
  }
}

const formats = new Map<string, JavaDateFormat>();

/**
 * A compiled pattern (cached). Throws `DatePatternError` for a pattern Java rejects.
 * @example
 * javaDateFormat('HH:mm:ss', 'simple').format(Date.UTC(2019, 2, 31, 14, 7), javaZoneId('UTC')); // '14:07:00'
 */
export function javaDateFormat(pattern: string, dialect: Dialect): JavaDateFormat {
  const key = `${dialect}\u0000${pattern}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = new JavaDateFormat(pattern, dialect);
    if (formats.size > 256) formats.clear();
    formats.set(key, format);
  }
  return format;
}
