// Java's numeric conversions, parsing and printing on JS numbers, as Siddhi applies them:
// narrowing casts, `Integer.parseInt`-style parsing, `Double/Float.toString` formatting.
// A Java long is a JS number here: exact up to 2^53, rounded beyond (no 64-bit wrap-around).

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_LIMIT = 2 ** 63; // Long.MAX_VALUE as a JS number

/** Java `(int) d` for a double: truncates, NaN → 0, saturates at the int range. */
export function doubleToInt(d: number): number {
  if (d !== d) return 0;
  if (d >= INT_MAX) return INT_MAX;
  if (d <= INT_MIN) return INT_MIN;
  return Math.trunc(d) | 0;
}

/** Java `(long) d` for a double: truncates, NaN → 0, saturates at the long range. */
export function doubleToLong(d: number): number {
  if (d !== d) return 0;
  if (d >= LONG_LIMIT) return LONG_LIMIT;
  if (d <= -LONG_LIMIT) return -LONG_LIMIT;
  return Math.trunc(d) + 0;
}

/** Java `(int) l` for a long: keeps the low 32 bits. */
export function longToInt(l: number): number {
  return l | 0;
}

const INTEGER_TEXT = /^[+-]?\d+$/;

/** `Integer.parseInt`: optional sign and digits only, in range; otherwise `null`. */
export function parseJavaInt(s: string): number | null {
  if (!INTEGER_TEXT.test(s)) return null;
  const n = Number(s);
  return n >= INT_MIN && n <= INT_MAX ? n + 0 : null;
}

/** `Long.parseLong`: optional sign and digits only, in range; otherwise `null`. */
export function parseJavaLong(s: string): number | null {
  if (!INTEGER_TEXT.test(s)) return null;
  const b = BigInt(s);
  if (b > 9223372036854775807n || b < -9223372036854775808n) return null;
  return Number(b);
}

const DECIMAL_TEXT = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;

/**
 * `Double.parseDouble`: surrounding whitespace ignored, optional `f`/`d` suffix, `NaN`,
 * `Infinity`; otherwise `null`. (Java's hexadecimal floating literals are not accepted.)
 */
export function parseJavaDouble(s: string): number | null {
  const t = trimJava(s);
  if (!DECIMAL_TEXT.test(t)) return null;
  const last = t.charCodeAt(t.length - 1);
  // f F d D
  const body = last === 102 || last === 70 || last === 100 || last === 68 ? t.slice(0, -1) : t;
  return Number(body);
}

/** `Float.parseFloat`, via the double value (rounded twice: may differ in the last bit). */
export function parseJavaFloat(s: string): number | null {
  const d = parseJavaDouble(s);
  return d === null ? null : Math.fround(d);
}

/** Java's `String.trim`: strips characters up to U+0020 at both ends. */
function trimJava(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start += 1;
  while (end > start && s.charCodeAt(end - 1) <= 32) end -= 1;
  return s.slice(start, end);
}

/** `Double.toString`: `2.0`, `0.001`, `1.0E7`, `1.5E-4`, `NaN`, `-Infinity`. */
export function javaDoubleToString(d: number): string {
  if (d !== d) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const plain = String(d);
    return plain.includes('.') ? plain : `${plain}.0`;
  }
  // d.ddde±x → d.dddE±x with at least one fractional digit and no '+'
  const [mantissa = '', exponent = ''] = d.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${exponent.startsWith('+') ? exponent.slice(1) : exponent}`;
}

/** `Float.toString` of a 32-bit value: the shortest digits that read back as the same float. */
export function javaFloatToString(f: number): string {
  if (f !== f || f === Infinity || f === -Infinity || f === 0) return javaDoubleToString(f);
  for (let p = 1; p <= 9; p += 1) {
    const shortest = Number(f.toPrecision(p));
    if (Math.fround(shortest) === f) return javaDoubleToString(shortest);
  }
  return javaDoubleToString(f);
}
