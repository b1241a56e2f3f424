// Printing SiddhiQL tokens: identifiers (backticked when needed), string literals
// (re-quoted so they re-lex to the same value), numbers (suffixes keep their type)
// and time constants.

import type { Constant, TimeConstant } from '../../query-api/index.js';
import type { OutputEventType, TimeUnit } from '../../query-api/index.js';

/**
 * Every SiddhiQL keyword, lower-case, including each spelling of the time units
 * (`sec`, `second`, `seconds`, …). A name spelt like one of these is printed in backticks
 * where it names a stream, attribute, alias or event reference.
 */
const KEYWORDS: ReadonlySet<string> = new Set(
  (
    'app stream define table from partition window select group by order asc desc limit ' +
    'offset having insert delete update set return events into output expired current ' +
    'snapshot for raw of as at or and in on is not within with begin end null every last all ' +
    'first join inner outer right left full unidirectional false true string int long float ' +
    'double bool object function trigger aggregation aggregate per year years month months ' +
    'week weeks day days hour hours min minute minutes sec second seconds millisec ' +
    'millisecond milliseconds'
  ).split(' '),
);

const ID = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True when `name` is spelt like a SiddhiQL keyword (case-insensitively). */
export function isKeyword(name: string): boolean {
  return KEYWORDS.has(name.toLowerCase());
}

/**
 * A stream, attribute, alias or event-reference name: bare when it is a plain identifier
 * and not a keyword, else in backticks (`` `$InputStream` ``, `` `from` ``).
 */
export function printId(name: string): string {
  return ID.test(name) && !isKeyword(name) ? name : `\`${name}\``;
}

/**
 * A name in a position where keywords are unambiguous (function and namespace names,
 * annotation names): bare when it is a plain identifier (`min`, `app`), else backticked.
 */
export function printName(name: string): string {
  return ID.test(name) ? name : `\`${name}\``;
}

// Control characters (U+0000–U+001F) cannot appear in '…' or "…" literals.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;

const ESCAPES: Readonly<Partial<Record<string, string>>> = {
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/**
 * A string literal that re-lexes to exactly `value`: `'…'` when possible, `"…"` when the
 * value holds `'`, else `"""…"""` (quoted literals have no escapes in SiddhiQL). Inside
 * triple quotes `\`, control characters and any `"` that would end the literal early (a
 * final one, or a third in a row) are Java-escaped; other `"` stay as they are, so JSON
 * templates read naturally: `"""{"a":"{{a}}"}"""`.
 */
export function printString(value: string): string {
  const plain = !CONTROL.test(value) && !value.includes('\\') && !value.includes('"');
  if (plain && !value.includes("'")) return `'${value}'`;
  if (plain) return `"${value}"`;
  let out = '';
  let quotes = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value.charAt(i);
    if (ch === '"') {
      const raw = quotes < 2 && i < value.length - 1;
      out += raw ? '"' : '\\"';
      quotes = raw ? quotes + 1 : 0;
      continue;
    }
    quotes = 0;
    out +=
      ESCAPES[ch] ??
      (CONTROL.test(ch) ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch);
  }
  return `"""${out}"""`;
}

/** A finite double printed so it re-lexes as a double: always with `.`, an exponent or `-0.0`. */
function printDouble(v: number): string {
  if (Object.is(v, -0)) return '-0.0';
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/** The shortest decimal that reads back (via `Math.fround`) as the same 32-bit float. */
function printFloat(v: number): string {
  if (Object.is(v, -0)) return '-0.0F';
  if (Math.fround(v) !== v) return `${String(v)}F`;
  for (let digits = 1; digits <= 9; digits++) {
    const s = v.toPrecision(digits);
    if (Math.fround(Number(s)) === v) return `${String(Number(s))}F`;
  }
  return `${String(v)}F`;
}

const LONG_MAX = 2n ** 63n - 1n;
const LONG_MIN = -(2n ** 63n);

/**
 * An integer (possibly beyond 2^53) in plain digits, never in exponent form. A double
 * rounded up to ±2^63 prints as the long limit, which reads back as the same double.
 */
function printInteger(v: number): string {
  if (Number.isSafeInteger(v) || !Number.isInteger(v)) return String(v);
  const big = BigInt(v);
  return (big > LONG_MAX ? LONG_MAX : big < LONG_MIN ? LONG_MIN : big).toString();
}

/**
 * A literal: `'IBM'`, `10`, `-10L`, `2.5F`, `2.0`, `true`, `null`; numbers keep their
 * type through their suffix (`L` long, `F` float, a `.`/exponent for double).
 */
export function printConstant(c: Constant): string {
  const v = c.value;
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') {
    switch (c.type) {
      case 'long':
        return `${v}L`;
      case 'float':
        return `${v}F`;
      case 'int':
      case 'double':
        return v;
      default:
        return printString(v);
    }
  }
  switch (c.type) {
    case 'long':
      return `${printInteger(v)}L`;
    case 'float':
      return printFloat(v);
    case 'double':
      return printDouble(v);
    default:
      return printInteger(v);
  }
}

/** Units that read better pluralised (`2 hours`); `sec`, `min`, `millisec` stay abbreviated. */
const PLURAL: Readonly<Record<TimeUnit, string>> = {
  millisec: 'millisec',
  sec: 'sec',
  min: 'min',
  hour: 'hours',
  day: 'days',
  week: 'weeks',
  month: 'months',
  year: 'years',
};

/** `1 sec`, `2 hours` — one part of a time constant. */
export function printTimeUnit(value: number, unit: TimeUnit): string {
  return `${String(value)} ${value === 1 ? unit : PLURAL[unit]}`;
}

/** A time constant as its parts, in their order: `1 min 30 sec`. */
export function printTime(t: TimeConstant): string {
  return t.parts.map((p) => printTimeUnit(p.value, p.unit)).join(' ');
}

/** `current events`, `expired events`, `all events`. */
export function printEventType(t: OutputEventType): string {
  return `${t} events`;
}
