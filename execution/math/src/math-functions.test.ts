// Unit tests of the math:* functions with the results Siddhi documents (java.lang.Math on
// Java 8), Java's edge cases (NaN, saturation, two's complement, parse errors) and nulls.

import type { AttributeType } from '@tributary/engine';
import type { Extension, FunctionContext } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { atan, copySignFunction, log, max, min, power } from './binary-functions.js';
import { e, pi, rand } from './constant-functions.js';
import {
  bin,
  conv,
  hex,
  oct,
  parseDouble,
  parseFloat,
  parseInt,
  parseLong,
} from './conversion-functions.js';
import { fdlibmCbrt, javaGetExponent, JavaRandom, javaRound } from './java-math.js';
import * as unary from './unary-functions.js';

const ctx: FunctionContext = { clock: { now: () => 0 }, functions: { resolve: () => undefined } };

function fn(
  extension: Extension,
  types: readonly (AttributeType | 'null')[],
  constants: readonly unknown[] = [],
): (...values: unknown[]) => unknown {
  if (extension.kind !== 'function') throw new Error('not a function');
  const instance = extension.spec.create(
    types.map((type, i) =>
      i < constants.length
        ? { type, constant: true, value: constants[i] }
        : { type, constant: false },
    ),
    ctx,
  );
  const call = instance.call;
  if (call === undefined) throw new Error('no call');
  return (...values) => call(values);
}

const d = (extension: Extension) => fn(extension, ['double']);

describe('one-argument functions', () => {
  it('give the documented results', () => {
    expect(d(unary.abs)(-3)).toBe(3);
    expect(d(unary.acos)(0.5)).toBe(1.0471975511965979);
    expect(d(unary.asin)(0.5)).toBe(0.5235987755982989);
    expect(d(unary.cbrt)(17)).toBe(2.5712815906582356);
    expect(d(unary.ceil)(423.187)).toBe(424);
    expect(d(unary.cos)(6)).toBe(0.9601702866503661);
    expect(d(unary.cosh)(6)).toBe(201.7156361224559);
    expect(d(unary.exp)(10.23)).toBe(27722.51006805505);
    expect(d(unary.floor)(10.23)).toBe(10);
    expect(d(unary.getExponent)(60984.1)).toBe(15);
    expect(d(unary.log10)(19.234)).toBe(1.2840696117100832);
    expect(d(unary.log2)(91)).toBe(6.507794640198696);
    expect(d(unary.signum)(-6.32)).toBe(-1);
    expect(d(unary.sin)(6)).toBe(-0.27941549819892586);
    expect(d(unary.sinh)(6)).toBe(201.71315737027922);
    expect(d(unary.sqrt)(4)).toBe(2);
    expect(d(unary.tan)(6)).toBe(-0.29100619138474915);
    expect(d(unary.tanh)(6)).toBe(0.9999877116507956);
    expect(d(unary.toDegrees)(6)).toBe(343.77467707849394);
    expect(d(unary.toRadians)(6)).toBe(0.10471975511965977);
    expect(d(unary.ln)(Math.E)).toBe(1);
  });

  it('return null for null and keep NaN semantics', () => {
    expect(d(unary.sqrt)(null)).toBeNull();
    expect(d(unary.acos)(2)).toBeNaN();
    expect(d(unary.isNan)(Math.log(-12))).toBe(true);
    expect(d(unary.isNan)(null)).toBeNull();
    expect(d(unary.isInfinite)(1 / 0)).toBe(true);
    expect(d(unary.isInfinite)(-1e308 * 10)).toBe(true);
    expect(d(unary.isInfinite)(1)).toBe(false);
    expect(d(unary.signum)(NaN)).toBe(0);
    expect(fn(unary.abs, ['int'])(-7)).toBe(7);
  });

  it('getExponent and cbrt follow Java bit for bit', () => {
    expect(javaGetExponent(0)).toBe(-1023);
    expect(javaGetExponent(Number.MIN_VALUE)).toBe(-1023);
    expect(javaGetExponent(NaN)).toBe(1024);
    expect(javaGetExponent(-Infinity)).toBe(1024);
    expect(javaGetExponent(1)).toBe(0);
    expect(fdlibmCbrt(27)).toBe(3);
    expect(fdlibmCbrt(-8)).toBe(-2);
    expect(fdlibmCbrt(0)).toBe(0);
    expect(Object.is(fdlibmCbrt(-0), -0)).toBe(true);
    expect(fdlibmCbrt(NaN)).toBeNaN();
    expect(fdlibmCbrt(Infinity)).toBe(Infinity);
    expect(Math.abs(fdlibmCbrt(5e-320) / Math.cbrt(5e-320) - 1)).toBeLessThan(1e-15);
  });

  it('round gives int for float and long for double, saturated', () => {
    expect(fn(unary.round, ['double'])(3252.353)).toBe(3252);
    expect(fn(unary.round, ['double'])(-2.5)).toBe(-2);
    expect(fn(unary.round, ['double'])(2.5)).toBe(3);
    expect(Object.is(fn(unary.round, ['double'])(-0.4), 0)).toBe(true);
    expect(fn(unary.round, ['float'])(Math.fround(3e9))).toBe(2147483647);
    expect(fn(unary.round, ['float'])(NaN)).toBe(0);
    expect(javaRound(1e300, 'long')).toBe(2 ** 63);
    if (unary.round.kind !== 'function') throw new Error('kind');
    const returnType = unary.round.spec.returnType;
    if (typeof returnType !== 'function') throw new Error('rule');
    expect(returnType([{ type: 'float', constant: false, attribute: true }])).toBe('int');
    expect(returnType([{ type: 'double', constant: false, attribute: true }])).toBe('long');
  });
});

describe('two-argument functions', () => {
  it('give the documented results', () => {
    expect(fn(atan, ['double', 'double'])(12, 5)).toBe(1.1760052070951352);
    expect(fn(atan, ['double'])(1)).toBe(Math.PI / 4);
    expect(fn(copySignFunction, ['double', 'double'])(5.6, -3)).toBe(-5.6);
    expect(fn(copySignFunction, ['double', 'double'])(-5.6, 0)).toBe(5.6);
    expect(fn(log, ['int', 'float'])(34, 2)).toBe(5.08746284125034);
    expect(fn(max, ['double', 'int'])(123.67, 91)).toBe(123.67);
    expect(fn(min, ['double', 'int'])(123.67, 91)).toBe(91);
    expect(fn(power, ['double', 'double'])(5.6, 3)).toBe(175.61599999999996);
  });

  it('return null when an argument is null, and refuse base 1', () => {
    expect(fn(power, ['double', 'double'])(null, 2)).toBeNull();
    expect(fn(atan, ['double', 'double'])(1, null)).toBeNull();
    expect(() => fn(log, ['double', 'double'])(8, 1)).toThrow(/base 1/);
    expect(fn(max, ['double', 'double'])(NaN, 1)).toBeNaN();
  });
});

describe('conversions', () => {
  it("print two's complement for ints and longs", () => {
    expect(fn(bin, ['int'])(9)).toBe('1001');
    expect(fn(bin, ['int'])(-1)).toBe('1'.repeat(32));
    expect(fn(oct, ['long'])(99)).toBe('143');
    expect(fn(oct, ['long'])(-1)).toBe('1777777777777777777777');
    expect(fn(hex, ['int'])(200)).toBe('c8');
    expect(fn(hex, ['long'])(-2)).toBe('fffffffffffffffe');
    expect(fn(hex, ['double'])(-3)).toBe('-0x1.8p1');
    expect(fn(hex, ['double'])(0.1)).toBe('0x1.999999999999ap-4');
    expect(fn(hex, ['float'])(Math.fround(0.1))).toBe('0x1.99999ap-4');
    expect(fn(hex, ['float'])(Math.fround(1.4e-45))).toBe('0x0.000002p-126');
    expect(fn(hex, ['double'])(Number.MIN_VALUE)).toBe('0x0.0000000000001p-1022');
    expect(fn(hex, ['double'])(-0)).toBe('-0x0.0p0');
    expect(fn(hex, ['int'])(null)).toBeNull();
  });

  it('convert between bases like Integer.parseInt/toString', () => {
    const c = fn(conv, ['string', 'int', 'int']);
    expect(c('7f', 16, 10)).toBe('127');
    expect(c('-ff', 16, 2)).toBe('-11111111');
    expect(c('z', 36, 10)).toBe('35');
    expect(c('10', 10, 99)).toBe('10');
    expect(() => c('8', 8, 10)).toThrow(/For input string/);
    expect(() => c('80000000', 16, 10)).toThrow(/For input string/);
    expect(c('-80000000', 16, 10)).toBe('-2147483648');
    expect(() => c('1', 1, 10)).toThrow(/radix 1/);
    expect(c(null, 16, 10)).toBeNull();
  });

  it('parse like Java and fail on bad text', () => {
    expect(fn(parseDouble, ['string'])('123')).toBe(123);
    expect(fn(parseDouble, ['string'])(' 1e3 ')).toBe(1000);
    expect(fn(parseFloat, ['string'])('0.1')).toBe(Math.fround(0.1));
    expect(fn(parseInt, ['string'])('-123')).toBe(-123);
    expect(fn(parseLong, ['string'])('9007199254740993')).toBe(9007199254740992);
    expect(() => fn(parseInt, ['string'])('12.5')).toThrow('For input string: "12.5"');
    expect(() => fn(parseInt, ['string'])('2147483648')).toThrow(/For input string/);
    expect(fn(parseInt, ['string'])(null)).toBeNull();
  });
});

describe('constants and random numbers', () => {
  it('e and pi', () => {
    expect(fn(e, [])()).toBe(Math.E);
    expect(fn(pi, [])()).toBe(3.141592653589793);
  });

  it('rand(seed) repeats java.util.Random', () => {
    const seeded = fn(rand, ['int'], [42]);
    expect(seeded()).toBe(0.7275636800328681);
    expect(seeded()).toBe(0.6832234717598454);
    const again = new JavaRandom(42n);
    expect(again.nextDouble()).toBe(0.7275636800328681);
    const unseeded = fn(rand, [])();
    expect(unseeded).toBeGreaterThanOrEqual(0);
    expect(unseeded).toBeLessThan(1);
  });
});
