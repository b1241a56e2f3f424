// Unit tests of the Java regex translation: Java-only syntax, Java's anchors and line
// terminators, case folding, group numbering, replacement templates and split.

import { describe, expect, it } from 'vitest';
import { compileJavaPattern, JavaRegexError } from './java-regex.js';

const groups = (pattern: string, input: string): (string | null)[] | null => {
  const p = compileJavaPattern(pattern);
  const m = p.find(input);
  if (m === null) return null;
  return Array.from({ length: p.groupCount + 1 }, (_, i) => m.group(i));
};
const matches = (pattern: string, input: string): boolean =>
  compileJavaPattern(pattern).matches(input) !== null;

describe('compileJavaPattern', () => {
  it('finds with greedy groups like Java', () => {
    expect(groups('WSO2(.*)A(.*)', 'WSO2 cep WSO2 XX E hi hA WSO2 heAllo')).toEqual([
      'WSO2 cep WSO2 XX E hi hA WSO2 heAllo',
      ' cep WSO2 XX E hi hA WSO2 he',
      'llo',
    ]);
    expect(groups('(a)|b', 'b')).toEqual(['b', null]);
    expect(compileJavaPattern('\\d\\d(.*)WSO2').find('21 products by WSO2', 1)).toBeNull();
  });

  it('supports quoting, possessive quantifiers and atomic groups', () => {
    expect(matches('\\Qa.b\\E+', 'a.bbb')).toBe(true);
    expect(matches('\\Qa.b\\E+', 'axbb')).toBe(false);
    expect(compileJavaPattern('a*+a').find('aaaa')).toBeNull();
    expect(compileJavaPattern('(?>a|ab)c').find('abc')).toBeNull();
    expect(groups('(x)(?>(y))\\2', 'xyy')).toEqual(['xyy', 'x', 'y']);
  });

  it('supports class unions, intersections and POSIX classes', () => {
    expect(matches('[a-z&&[^aeiou]]+', 'bcd')).toBe(true);
    expect(matches('[a-z&&[^aeiou]]+', 'bad')).toBe(false);
    expect(matches('[a-c[x-z]]+', 'axz')).toBe(true);
    expect(matches('\\p{Alpha}+\\s\\p{Digit}', 'ab 1')).toBe(true);
    expect(matches('[]a]+', ']a]')).toBe(true);
    expect(matches('\\p{javaLowerCase}+', 'éa')).toBe(true);
    expect(matches('\\p{IsLatin}+', 'Ab')).toBe(true);
  });

  it('folds ASCII case only, unless UNICODE_CASE is on', () => {
    expect(matches('(?i)abc', 'ABC')).toBe(true);
    expect(matches('(?i)é', 'É')).toBe(false);
    expect(matches('(?iu)é', 'É')).toBe(true);
    expect(matches('a(?i)b', 'aB')).toBe(true);
    expect(matches('a(?i)b', 'AB')).toBe(false);
    expect(matches('(?i:a)b', 'Ab')).toBe(true);
    expect(matches('(?i)[a-c]+', 'ABC')).toBe(true);
  });

  it("keeps Java's anchors and line terminators", () => {
    expect(compileJavaPattern('abc$').find('abc\n')).not.toBeNull();
    expect(compileJavaPattern('abc\\z').find('abc\n')).toBeNull();
    expect(compileJavaPattern('(?m)^b').find('a\nb')?.start).toBe(2);
    expect(compileJavaPattern('^b').find('a\nb')).toBeNull();
    expect(compileJavaPattern('a.c').find('a\u0085c')).toBeNull();
    expect(compileJavaPattern('(?s)a.c').find('a\nc')).not.toBeNull();
    expect(matches('\\s', '\u00a0')).toBe(false);
    expect(compileJavaPattern('\\bfoo\\b').find('a foo.')).not.toBeNull();
    expect(compileJavaPattern('\\bfoo\\b').find('éfoo')).toBeNull();
  });

  it('reads COMMENTS mode, escapes and back references', () => {
    expect(matches('(?x) a b # comment\n c', 'abc')).toBe(true);
    expect(matches('\\x41\\u0042\\0103\\x{44}\\t', 'ABCD\t')).toBe(true);
    expect(matches('(\\d)(\\d)(\\d)(\\d)(\\d)(\\d)(\\d)(\\d)(\\d)(\\d)\\10', '01234567899')).toBe(
      true,
    );
    expect(matches('(?<y>\\d)\\k<y>', '11')).toBe(true);
    expect(matches('a\\2', 'a')).toBe(false);
  });

  it('reports syntax errors like PatternSyntaxException', () => {
    const error = (pattern: string): string => {
      try {
        compileJavaPattern(pattern);
        return 'compiled';
      } catch (e) {
        expect(e).toBeInstanceOf(JavaRegexError);
        return (e as JavaRegexError).description;
      }
    };
    expect(error('[abc')).toBe('Unclosed character class');
    expect(error('*a')).toBe("Dangling meta character '*'");
    expect(error('a{')).toBe('Illegal repetition');
    expect(error('(a')).toBe('Unclosed group');
    expect(error('a)')).toBe("Unmatched closing ')'");
    expect(error('\\y')).toBe('Illegal/unsupported escape sequence');
    expect(error('[z-a]')).toBe('Illegal character range');
    expect(error('\\p{InGreek}')).toMatch(/blocks are not supported/);
  });

  it('replaces with Java replacement templates', () => {
    const p = compileJavaPattern('(\\w+)@(\\w+)');
    expect(p.replaceAll('x@y a@b', '$2\\$$1')).toBe('y$x b$a');
    expect(p.replaceFirst('x@y a@b', '[$0]')).toBe('[x@y] a@b');
    expect(compileJavaPattern('a*').replaceAll('baaa', 'X')).toBe('XbXX');
    expect(compileJavaPattern('(?<y>\\d{4})-(?<m>\\d\\d)').replaceAll('2020-12', '${m}/${y}')).toBe(
      '12/2020',
    );
    expect(compileJavaPattern('(a)').replaceAll('a', '$12')).toBe('a2');
    expect(() => p.replaceAll('x@y', '$3')).toThrow(/No group 3/);
    expect(() => p.replaceAll('x@y', 'a\\')).toThrow(/character to be escaped is missing/);
    expect(compileJavaPattern('z').replaceAll('abc', '$9')).toBe('abc');
  });

  it('splits like String.split', () => {
    expect(compileJavaPattern(',').split('a,b,,c,,')).toEqual(['a', 'b', '', 'c']);
    expect(compileJavaPattern('').split('abc')).toEqual(['a', 'b', 'c']);
    expect(compileJavaPattern(',').split('')).toEqual(['']);
    expect(compileJavaPattern(',').split(',,')).toEqual([]);
    expect(compileJavaPattern(',').split('a,b,c', 2)).toEqual(['a', 'b,c']);
    expect(compileJavaPattern('\\{\\{|}}').split('{{1}} > 100 && {{2}}')).toEqual([
      '',
      '1',
      ' > 100 && ',
      '2',
    ]);
  });

  it('matches and looks at the start of the input', () => {
    const p = compileJavaPattern('\\d+');
    expect(p.matches('123')).not.toBeNull();
    expect(p.matches('123a')).toBeNull();
    expect(p.lookingAt('123a')?.end).toBe(3);
    expect(p.lookingAt('a123')).toBeNull();
    expect(p.find('ab12', 3)?.group(0)).toBe('2');
    expect(() => p.find('ab', 3)).toThrow(RangeError);
    expect(() => p.find('1')?.group(1)).toThrow(/No group 1/);
  });
});
