// Tests of JSON text handling: strict and permissive parsing, JSON values of Maps and Sets,
// and the order-independent canonical form.

import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  InvalidJsonError,
  parseJson,
  toJsonText,
  toJsonValue,
} from './json-text.js';

describe('parseJson', () => {
  it('parses strict JSON', () => {
    expect(parseJson('{"a":[1,2.5,"x",true,null]}')).toEqual({ a: [1, 2.5, 'x', true, null] });
  });

  it('accepts single quotes, unquoted keys and words as Siddhi does', () => {
    expect(parseJson("{'name' : 'John', age: 23, city: NY, ok: true}")).toEqual({
      name: 'John',
      age: 23,
      city: 'NY',
      ok: true,
    });
    expect(parseJson('{emp:[{name:"John", foo:{fooName:\'x\'}}]}')).toEqual({
      emp: [{ name: 'John', foo: { fooName: 'x' } }],
    });
  });

  it('reads escapes in single-quoted strings', () => {
    expect(parseJson("{'a': 'it\\'s \\u0041\\n'}")).toEqual({ a: "it's A\n" });
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseJson('{"a": 1')).toThrow(InvalidJsonError);
    expect(() => parseJson('')).toThrow(InvalidJsonError);
    expect(() => parseJson('{a 1}')).toThrow(/expected ':'/);
  });
});

describe('toJsonValue', () => {
  it('turns Maps into objects and Sets into arrays, deeply', () => {
    const value = new Map<unknown, unknown>([
      ['a', new Set([1, 2])],
      [3, new Map([['b', null]])],
    ]);
    expect(toJsonValue(value)).toEqual({ a: [1, 2], '3': { b: null } });
    expect(toJsonText(value)).toBe('{"3":{"b":null},"a":[1,2]}');
  });

  it('copies plain objects and maps non-finite numbers to null', () => {
    const source = { x: [1, { y: NaN }] };
    const copy = toJsonValue(source);
    expect(copy).toEqual({ x: [1, { y: null }] });
    expect(copy).not.toBe(source);
  });
});

describe('canonicalJson', () => {
  it('ignores object key order but not array order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe(
      canonicalJson({ a: { c: 3, d: 2 }, b: 1 }),
    );
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});
