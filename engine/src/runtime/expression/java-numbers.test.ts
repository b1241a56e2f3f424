// Java numeric conversions, parsing and printing.

import { describe, expect, it } from 'vitest';
import {
  doubleToInt,
  doubleToLong,
  javaDoubleToString,
  javaFloatToString,
  longToInt,
  parseJavaDouble,
  parseJavaFloat,
  parseJavaInt,
  parseJavaLong,
} from './java-numbers.js';

describe('narrowing', () => {
  it('(int) and (long) of doubles truncate and saturate; NaN is 0', () => {
    expect(doubleToInt(-2.7)).toBe(-2);
    expect(doubleToInt(3e9)).toBe(2147483647);
    expect(doubleToInt(-3e9)).toBe(-2147483648);
    expect(doubleToInt(NaN)).toBe(0);
    expect(Object.is(doubleToInt(-0.5), 0)).toBe(true);
    expect(doubleToLong(1e30)).toBe(2 ** 63);
    expect(Object.is(doubleToLong(-0.5), 0)).toBe(true);
  });

  it('(int) of a long keeps the low 32 bits', () => {
    expect(longToInt(2 ** 32 + 7)).toBe(7);
    expect(longToInt(2 ** 31)).toBe(-2147483648);
  });
});

describe('parsing', () => {
  it('Integer.parseInt / Long.parseLong', () => {
    expect(parseJavaInt('+42')).toBe(42);
    expect(parseJavaInt('2147483648')).toBeNull();
    expect(parseJavaInt('4 2')).toBeNull();
    expect(parseJavaInt('')).toBeNull();
    expect(parseJavaLong('-9223372036854775808')).toBe(-(2 ** 63));
    expect(parseJavaLong('0x10')).toBeNull();
  });

  it('Double.parseDouble / Float.parseFloat', () => {
    expect(parseJavaDouble('\t1.5e2 ')).toBe(150);
    expect(parseJavaDouble('.5')).toBe(0.5);
    expect(parseJavaDouble('5.')).toBe(5);
    expect(parseJavaDouble('-Infinity')).toBe(-Infinity);
    expect(parseJavaDouble('1.5F')).toBe(1.5);
    expect(parseJavaDouble('abc')).toBeNull();
    expect(parseJavaDouble('')).toBeNull();
    expect(parseJavaFloat('0.1')).toBe(Math.fround(0.1));
  });
});

describe('printing', () => {
  it('Double.toString', () => {
    expect(javaDoubleToString(2)).toBe('2.0');
    expect(javaDoubleToString(-0)).toBe('-0.0');
    expect(javaDoubleToString(0.001)).toBe('0.001');
    expect(javaDoubleToString(0.0001)).toBe('1.0E-4');
    expect(javaDoubleToString(9999999)).toBe('9999999.0');
    expect(javaDoubleToString(1e7)).toBe('1.0E7');
    expect(javaDoubleToString(1.2345e21)).toBe('1.2345E21');
    expect(javaDoubleToString(NaN)).toBe('NaN');
    expect(javaDoubleToString(-Infinity)).toBe('-Infinity');
  });

  it('Float.toString prints the shortest digits of the 32-bit value', () => {
    expect(javaFloatToString(Math.fround(0.1))).toBe('0.1');
    expect(javaFloatToString(Math.fround(75.6))).toBe('75.6');
    expect(javaFloatToString(2)).toBe('2.0');
    expect(javaFloatToString(Math.fround(1e10))).toBe('1.0E10');
    expect(javaFloatToString(Math.fround(3.4e38))).toBe('3.4E38');
  });
});
