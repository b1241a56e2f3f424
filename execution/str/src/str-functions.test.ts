// Unit tests of the str:* functions, called as the engine calls them (create once, call per
// event), with Siddhi's results for the documented examples and Java's edge cases.

import type { AttributeType } from '@tributary/engine';
import type { Extension, FunctionContext } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { fillTemplate } from './fill-template.js';
import { hex, unhex } from './hex-functions.js';
import { regexp, replaceAll, replaceFirst, split, substr } from './regex-functions.js';
import {
  charAt,
  charFrequency,
  contains,
  equalsIgnoreCase,
  locate,
  strcmp,
} from './search-functions.js';
import { coalesce, concat, length, lower, repeat, reverse, trim, upper } from './text-functions.js';

const ctx: FunctionContext = {
  clock: { now: () => 0 },
  functions: { resolve: () => undefined },
};

type Arg = AttributeType | 'null' | { readonly type: AttributeType; readonly value: unknown };

/** Instantiates a function for argument descriptions (constants as `{ type, value }`). */
function fn(extension: Extension, ...args: Arg[]): (...values: unknown[]) => unknown {
  if (extension.kind !== 'function') throw new Error('not a function');
  const instance = extension.spec.create(
    args.map((a) =>
      typeof a === 'string'
        ? { type: a, constant: false }
        : { type: a.type, constant: true, value: a.value },
    ),
    ctx,
  );
  const call = instance.call;
  if (call === undefined) throw new Error('no call');
  return (...values) => call(values);
}

describe('text functions', () => {
  it('length, lower, upper, trim, reverse', () => {
    expect(fn(length, 'string')('Hello World')).toBe(11);
    expect(fn(length, 'string')('😀')).toBe(2);
    expect(fn(lower, 'string')('WSO2 cep ')).toBe('wso2 cep ');
    expect(fn(upper, 'string')('Hello World')).toBe('HELLO WORLD');
    expect(fn(upper, 'string')('straße')).toBe('STRASSE');
    expect(fn(trim, 'string')('  AbCDefghiJ KLMN  ')).toBe('AbCDefghiJ KLMN');
    expect(fn(trim, 'string')('\u0001\tx\n')).toBe('x');
    expect(fn(trim, 'string')('\u00a0x\u00a0')).toBe('\u00a0x\u00a0');
    expect(fn(reverse, 'string')('Hello World')).toBe('dlroW olleH');
    expect(fn(reverse, 'string')('a😀b')).toBe('b😀a');
  });

  it('fail the event on a null input', () => {
    expect(() => fn(length, 'string')(null)).toThrow(
      'Invalid input given to str:length() function. First argument cannot be null',
    );
    expect(() => fn(upper, 'string')(null)).toThrow(/cannot be null/);
    expect(() => fn(reverse, 'string')(null)).toThrow(/cannot be null/);
  });

  it('repeat', () => {
    expect(fn(repeat, 'string', 'int')('StRing 1', 3)).toBe('StRing 1StRing 1StRing 1');
    expect(fn(repeat, 'string', 'int')('x', 0)).toBe('');
    expect(fn(repeat, 'string', 'int')('x', -2)).toBe('');
    expect(() => fn(repeat, 'string', 'int')('x', null)).toThrow(/Second argument cannot be null/);
  });

  it('concat prints values as Java and skips nulls', () => {
    expect(fn(concat, 'string', 'string', 'string')('D533', '8JU^', 'XYZ')).toBe('D5338JU^XYZ');
    expect(fn(concat, 'string', 'double', 'float', 'int', 'bool')('a', 2, 1.5, 7, true)).toBe(
      'a2.01.57true',
    );
    expect(fn(concat, 'double', 'double')(1e7, 0.0001)).toBe('1.0E71.0E-4');
    expect(fn(concat, 'string', 'string')(null, 'b')).toBe('b');
    expect(fn(concat, 'string', 'float')('f', Math.fround(0.1))).toBe('f0.1');
  });

  it('concat needs two arguments; coalesce needs one type', () => {
    if (concat.kind !== 'function' || coalesce.kind !== 'function') throw new Error('kind');
    const one = [{ type: 'string' as const, constant: false, attribute: true }];
    expect(concat.spec.check?.(one)).toMatch(/at least two arguments/);
    expect(
      coalesce.spec.check?.([
        { type: 'string', constant: false, attribute: true },
        { type: 'int', constant: false, attribute: true },
      ]),
    ).toMatch(/same type/);
  });

  it('coalesce returns the first non-null value with the arguments type', () => {
    expect(fn(coalesce, 'null', 'string', 'string')(null, 'BBB', 'CCC')).toBe('BBB');
    expect(fn(coalesce, 'int', 'int')(null, null)).toBeNull();
    if (coalesce.kind !== 'function') throw new Error('kind');
    expect(
      coalesce.spec.create(
        [
          { type: 'null', constant: true },
          { type: 'long', constant: false },
        ],
        ctx,
      ).type,
    ).toBe('long');
  });
});

describe('search functions', () => {
  it('charAt', () => {
    expect(fn(charAt, 'string', 'int')('WSO2', 1)).toBe('S');
    expect(() => fn(charAt, 'string', 'int')('WSO2', 4)).toThrow(/Index argument 4/);
    expect(() => fn(charAt, 'string', 'int')('WSO2', -1)).toThrow(/negative/);
    expect(() => fn(charAt, 'string', 'int')(null, 1)).toThrow(/First argument cannot be null/);
  });

  it('charFrequency', () => {
    expect(fn(charFrequency, 'string', 'string')('WSO2,ABM,NSFT', ',')).toBe(2);
    expect(fn(charFrequency, 'string', 'string')('', 'a')).toBe(0);
    expect(() => fn(charFrequency, 'string', 'string')('abc', 'ab')).toThrow(
      /expected to be a character, found 'ab'/,
    );
  });

  it('contains: a null input is false, a null search string fails', () => {
    const f = fn(contains, 'string', 'string');
    expect(f('21 products are produced by WSO2 currently', 'WSO2')).toBe(true);
    expect(f('abc', 'd')).toBe(false);
    expect(f(null, 'd')).toBe(false);
    expect(() => f('abc', null)).toThrow(/Second argument cannot be null/);
  });

  it('equalsIgnoreCase', () => {
    const f = fn(equalsIgnoreCase, 'string', 'string');
    expect(f('WSO2', 'wso2')).toBe(true);
    expect(f('ǅ', 'ǆ')).toBe(true);
    expect(f('straße', 'STRASSE')).toBe(false);
    expect(f('a', null)).toBe(false);
    expect(() => f(null, 'a')).toThrow(/First argument cannot be null/);
  });

  it('locate, with Siddhi arithmetic for a start position', () => {
    expect(fn(locate, 'string', 'string')('@wso2.com', 'streamin@wso2.com')).toBe(8);
    expect(fn(locate, 'string', 'string')('x', 'abc')).toBe(-1);
    const from = fn(locate, 'string', 'string', 'int');
    expect(from('a', 'banana', 2)).toBe(3);
    expect(from('x', 'banana', 2)).toBe(1);
    expect(() => from('a', 'ban', 4)).toThrow(/out of range/);
  });

  it('strcmp is String.compareTo', () => {
    const f = fn(strcmp, 'string', 'string');
    expect(f('AbCDefghiJ KLMN', 'Hello')).toBe(-7);
    expect(f('abc', 'abc')).toBe(0);
    expect(f('abcd', 'ab')).toBe(2);
    expect(() => f('a', null)).toThrow(/Second argument cannot be null/);
  });
});

describe('hex functions', () => {
  it('hex prints each UTF-16 unit unpadded; unhex reads pairs', () => {
    expect(fn(hex, 'string')('MySQL')).toBe('4d7953514c');
    expect(fn(hex, 'string')('\n')).toBe('a');
    expect(fn(unhex, 'string')('4d7953514c')).toBe('MySQL');
    expect(() => fn(unhex, 'string')('4d7')).toThrow(/out of range/);
    expect(() => fn(unhex, 'string')('zz')).toThrow(/For input string/);
    expect(() => fn(hex, 'string')(null)).toThrow(/cannot be null/);
  });
});

describe('regex functions', () => {
  const constant = (value: string) => ({ type: 'string' as const, value });

  it('regexp matches the whole string', () => {
    expect(fn(regexp, 'string', constant('WSO(.*h)'))('WSO2 abcdh', 'WSO(.*h)')).toBe(true);
    expect(fn(regexp, 'string', 'string')('WSO2 abcdhx', 'WSO(.*h)')).toBe(false);
    expect(() => fn(regexp, 'string', 'string')('a', null)).toThrow(/Second argument/);
  });

  it('replaceAll and replaceFirst with Java replacements', () => {
    expect(fn(replaceAll, 'string', 'string', 'string')('hello hi hello', 'hello', 'test')).toBe(
      'test hi test',
    );
    expect(
      fn(replaceFirst, 'string', 'string', 'string')('hello WSO2 A hello', 'WSO2(.*)A', 'XXXX'),
    ).toBe('hello XXXX hello');
    expect(fn(replaceAll, 'string', 'string', 'string')('a-b', '(\\w)-(\\w)', '$2-$1')).toBe('b-a');
    expect(() => fn(replaceAll, 'string', 'string', 'string')('a', 'a', null)).toThrow(
      /Third argument cannot be null/,
    );
  });

  it('split returns a part of String.split', () => {
    const f = fn(split, 'string', 'string', 'int');
    expect(f('WSO2,ABM,NSFT', ',', 0)).toBe('WSO2');
    expect(f('WSO2,ABM,NSFT', ',', 2)).toBe('NSFT');
    expect(f('a1b22c', '\\d+', 1)).toBe('b');
    expect(() => f('a,b,,', ',', 2)).toThrow(/Index argument 2/);
  });

  it('substr by position', () => {
    expect(fn(substr, 'string', 'int')('AbCDefghiJ KLMN', 4)).toBe('efghiJ KLMN');
    expect(fn(substr, 'string', 'int', 'int')('AbCDefghiJ KLMN', 2, 4)).toBe('CDef');
    expect(() => fn(substr, 'string', 'int', 'int')('abc', 2, 4)).toThrow(/begin 2, end 6/);
    expect(() => fn(substr, 'string', 'int')('abc', 4)).toThrow(/begin 4/);
    expect(() => fn(substr, 'string', 'int', 'int')('abc', 0, null)).toThrow(/Third argument/);
  });

  it('substr by regex and group', () => {
    expect(fn(substr, 'string', constant('^WSO2(.*)'))('WSO2D efghiJ KLMN', '^WSO2(.*)')).toBe(
      'WSO2D efghiJ KLMN',
    );
    const byGroup = fn(substr, 'string', 'string', 'int');
    expect(byGroup('WSO2 cep WSO2 XX E hi hA WSO2 heAllo', 'WSO2(.*)A(.*)', 2)).toBe('llo');
    expect(byGroup('xyz', 'WSO2(.*)', 1)).toBe('');
    expect(byGroup('b', '(a)|b', 1)).toBeNull();
    expect(() => byGroup('ab', '(a)', 2)).toThrow(/No group 2/);
  });

  it('rejects constant patterns that do not compile', () => {
    if (regexp.kind !== 'function') throw new Error('kind');
    const check = regexp.spec.check;
    expect(
      check?.([
        { type: 'string', constant: false, attribute: true },
        { type: 'string', constant: true, value: '[a-', attribute: false },
      ]),
    ).toMatch(/syntax error in the regular expression/);
    expect(
      check?.([
        { type: 'string', constant: false, attribute: true },
        { type: 'string', constant: true, value: '[a-c]', attribute: false },
      ]),
    ).toBeUndefined();
  });
});

describe('fillTemplate', () => {
  it('fills numbered fields from the arguments', () => {
    const template = { type: 'string' as const, value: '{{1}} > 100 && {{2}} < 10000' };
    const f = fn(fillTemplate, template, 'int', 'double');
    expect(f(template.value, 200, 300)).toBe('200 > 100 && 300.0 < 10000');
    expect(f(template.value, 7, null)).toBe('7 > 100 && 2 < 10000');
  });

  it('fills named fields from a map, leaving missing keys as their text', () => {
    const f = fn(fillTemplate, 'string', 'object');
    const values = new Map<string, unknown>([
      ['prize', 300],
      ['salary', 10000.5],
    ]);
    expect(f('{{prize}} > 100 && {{ salary }} < 10000', values)).toBe(
      '300 > 100 && 10000.5 < 10000',
    );
    expect(f('{{prize}} and {{missing}}', values)).toBe('300 and missing');
    expect(f('{{a}}', { a: true })).toBe('true');
  });

  it('fails on a field that is not a number or has no argument', () => {
    const f = fn(fillTemplate, 'string', 'int');
    expect(() => f('{{x}}', 1)).toThrow(/For input string: "x"/);
    expect(() => f('{{2}}', 1)).toThrow(/out of bounds/);
    expect(f('{{0}}!', 1)).toBe('{{0}}!!');
  });
});
