// Java numeric routines the math functions need bit-exact: fdlibm's cbrt (Java's
// StrictMath.cbrt, less accurate than V8's), Math.getExponent, Math.round's saturation,
// Double/Float.toHexString, Integer/Long radix printing and parsing, and java.util.Random.

const buffer = new DataView(new ArrayBuffer(8));

function high(x: number): number {
  buffer.setFloat64(0, x);
  return buffer.getInt32(0);
}

function withHigh(x: number, hi: number): number {
  buffer.setFloat64(0, x);
  buffer.setInt32(0, hi);
  return buffer.getFloat64(0);
}

function low(x: number): number {
  buffer.setFloat64(0, x);
  return buffer.getUint32(4);
}

function withLow(x: number, lo: number): number {
  buffer.setFloat64(0, x);
  buffer.setUint32(4, lo);
  return buffer.getFloat64(0);
}

const B1 = 715094163;
const B2 = 696219795;
const C = 5.42857142857142815906e-1;
const D = -7.0530612244897961105e-1;
const E = 1.41428571428571436819;
const F = 1.6071428571428572063;
const G = 3.57142857142857150787e-1;

/**
 * Java's `Math.cbrt` (fdlibm 5.3 `s_cbrt.c`, error < 0.667 ulp): differs from V8's cbrt in the
 * last bit for some inputs (`cbrt(17)` is 2.5712815906582356 in Java).
 * @example
 * fdlibmCbrt(27); // 3
 */
export function fdlibmCbrt(input: number): number {
  let hx = high(input);
  const sign = hx & 0x80000000;
  hx ^= sign;
  if (hx >= 0x7ff00000) return input + input;
  if ((hx | low(input)) === 0) return input;
  const x = withHigh(input, hx);
  let t = 0;
  if (hx < 0x00100000) {
    t = withHigh(0, 0x43500000);
    t *= x;
    t = withHigh(t, ((high(t) / 3) | 0) + B2);
  } else {
    t = withHigh(t, ((hx / 3) | 0) + B1);
  }
  let r = (t * t) / x;
  let s = C + r * t;
  t *= G + F / (s + E + D / s);
  t = withLow(t, 0);
  t = withHigh(t, high(t) + 1);
  s = t * t;
  r = x / s;
  const w = t + t;
  r = (r - t) / (w + r);
  t = t + t * r;
  return withHigh(t, high(t) | sign);
}

/**
 * Java's `Math.getExponent(double)`: the unbiased exponent; 1024 for NaN and infinities,
 * -1023 for zero and subnormals.
 * @example
 * javaGetExponent(60984.1); // 15
 */
export function javaGetExponent(d: number): number {
  return ((high(d) >>> 20) & 0x7ff) - 1023;
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_LIMIT = 2 ** 63;

/**
 * Java's `Math.round`: the closest integer, ties towards positive infinity, NaN as 0, and
 * saturated at the int range (`float` input) or the long range (`double` input).
 * @example
 * javaRound(-2.5, 'int'); // -2
 */
export function javaRound(d: number, range: 'int' | 'long'): number {
  if (Number.isNaN(d)) return 0;
  const r = Math.round(d) + 0;
  if (range === 'int') return Math.min(INT_MAX, Math.max(INT_MIN, r));
  return Math.min(LONG_LIMIT, Math.max(-LONG_LIMIT, r));
}

/** The 13 hex digits of a double's significand, without trailing zeros (at least one kept). */
function significandHex(d: number): string {
  buffer.setFloat64(0, d);
  const hi = buffer.getUint32(0) & 0xfffff;
  const lo = buffer.getUint32(4);
  const digits = hi.toString(16).padStart(5, '0') + lo.toString(16).padStart(8, '0');
  return digits.replace(/0{1,12}$/, '');
}

/**
 * Java's `Double.toHexString`.
 * @example
 * javaDoubleToHexString(-3); // '-0x1.8p1'
 */
export function javaDoubleToHexString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  const sign = d < 0 || Object.is(d, -0) ? '-' : '';
  if (d === 0) return `${sign}0x0.0p0`;
  const magnitude = Math.abs(d);
  if (magnitude < 2 ** -1022) return `${sign}0x0.${significandHex(magnitude)}p-1022`;
  return `${sign}0x1.${significandHex(magnitude)}p${String(javaGetExponent(magnitude))}`;
}

/**
 * Java's `Float.toHexString` of a 32-bit value.
 * @example
 * javaFloatToHexString(1); // '0x1.0p0'
 */
export function javaFloatToHexString(f: number): string {
  const magnitude = Math.abs(f);
  if (magnitude > 0 && magnitude < 2 ** -126) {
    // a subnormal float prints with the float's minimum exponent
    return javaDoubleToHexString(f * 2 ** -896).replace(/p-1022$/, 'p-126');
  }
  return javaDoubleToHexString(f);
}

/**
 * Java's `Integer.toXxxString` / `Long.toXxxString` in base 2, 8 or 16: the two's complement
 * bits read as unsigned.
 * @example
 * javaUnsignedString(-1, 'int', 16); // 'ffffffff'
 */
export function javaUnsignedString(v: number, width: 'int' | 'long', radix: 2 | 8 | 16): string {
  if (width === 'int') return (v >>> 0).toString(radix);
  return BigInt.asUintN(64, BigInt(Math.trunc(v))).toString(radix);
}

/**
 * Java's `Integer.parseInt(s, radix)`: a sign and digits of the radix, within the int range;
 * throws NumberFormatException's message otherwise.
 * @example
 * javaParseIntRadix('7f', 16); // 127
 */
export function javaParseIntRadix(s: string, radix: number): number {
  if (radix < 2) throw new Error(`radix ${String(radix)} less than Character.MIN_RADIX`);
  if (radix > 36) throw new Error(`radix ${String(radix)} greater than Character.MAX_RADIX`);
  const fail = (): Error => new Error(`For input string: "${s}" under radix ${String(radix)}`);
  let i = 0;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    i = 1;
  }
  if (i >= s.length) throw fail();
  let value = 0;
  for (; i < s.length; i += 1) {
    const digit = parseInt(s.charAt(i), 36);
    if (Number.isNaN(digit) || digit >= radix) throw fail();
    value = value * radix + digit;
    if (value > 2147483648) throw fail();
  }
  if (negative) return value === 0 ? 0 : -value;
  if (value > INT_MAX) throw fail();
  return value;
}

/**
 * Java's `Integer.toString(i, radix)`: lower-case digits; a radix outside 2..36 means 10.
 * @example
 * javaIntToString(-255, 16); // '-ff'
 */
export function javaIntToString(i: number, radix: number): string {
  return i.toString(radix < 2 || radix > 36 ? 10 : radix);
}

const MULTIPLIER = 0x5deece66dn;
const ADDEND = 0xbn;
const MASK = (1n << 48n) - 1n;

/**
 * `java.util.Random`: the same sequence as Java for the same seed.
 * @example
 * new JavaRandom(42n).nextDouble(); // 0.7275636800328681
 */
export class JavaRandom {
  private seed: bigint;

  constructor(seed: bigint) {
    this.seed = (seed ^ MULTIPLIER) & MASK;
  }

  /** `nextDouble()`: 53 random bits in [0, 1). */
  nextDouble(): number {
    return (this.next(26) * 2 ** 27 + this.next(27)) * 2 ** -53;
  }

  private next(bits: number): number {
    this.seed = (this.seed * MULTIPLIER + ADDEND) & MASK;
    return Number(this.seed >> BigInt(48 - bits));
  }
}
