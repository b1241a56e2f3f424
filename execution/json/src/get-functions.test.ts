// Tests of the json getters and isExists: values at a path, null for missing paths and for
// values that do not parse as the getter's type, Siddhi's one-element-list rule.

import type { Extension } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import {
  getBoolFunction,
  getDoubleFunction,
  getFloatFunction,
  getIntFunction,
  getLongFunction,
  getObjectFunction,
  getStringFunction,
  isExistsFunction,
  parseJavaDouble,
} from './get-functions.js';

const ctx = { clock: { now: () => 0 }, functions: { resolve: () => undefined } };

function call(extension: Extension, ...args: unknown[]): unknown {
  if (extension.kind !== 'function') throw new Error('not a function');
  const instance = extension.spec.create(
    args.map((a) => ({ type: typeof a === 'string' ? 'string' : 'object', constant: false })),
    ctx,
  );
  if (instance.call === undefined) throw new Error('no call');
  return instance.call(args);
}

const JOHN =
  "{'name' : 'John', 'age' : 23, 'salary': 12000.5, 'married': true, " +
  "'address': {'city': 'NY'}, 'tags': ['a'], 'nums': [1, 2], 'ageText': '31', 'big': 3000000000}";

describe('json:getString', () => {
  it('returns strings as they are and other elements as JSON text', () => {
    expect(call(getStringFunction, JOHN, '$.name')).toBe('John');
    expect(call(getStringFunction, JOHN, '$.age')).toBe('23');
    expect(call(getStringFunction, JOHN, '$.address')).toBe('{"city":"NY"}');
    expect(call(getStringFunction, JOHN, '$..city')).toBe('["NY"]');
  });

  it('returns null for a missing path or a null json', () => {
    expect(call(getStringFunction, JOHN, '$.salaryX')).toBeNull();
    expect(call(getStringFunction, null, '$.name')).toBeNull();
  });

  it('reads objects and maps as JSON', () => {
    expect(call(getStringFunction, { name: 'Ann' }, '$.name')).toBe('Ann');
    expect(call(getStringFunction, new Map([['name', 'Bo']]), 'name')).toBe('Bo');
  });

  it('fails the event for text that is not JSON, or a null path', () => {
    expect(() => call(getStringFunction, '{"a":', '$.a')).toThrow(/not a valid JSON/);
    expect(() => call(getStringFunction, JOHN, null)).toThrow(/string path/);
  });
});

describe('typed getters', () => {
  it('parse the value at the path', () => {
    expect(call(getIntFunction, JOHN, '$.age')).toBe(23);
    expect(call(getIntFunction, JOHN, '$.ageText')).toBe(31);
    expect(call(getLongFunction, JOHN, '$.big')).toBe(3000000000);
    expect(call(getDoubleFunction, JOHN, '$.salary')).toBe(12000.5);
    expect(call(getDoubleFunction, JOHN, '$.age')).toBe(23);
    expect(call(getFloatFunction, JOHN, '$.salary')).toBe(Math.fround(12000.5));
    expect(call(getBoolFunction, JOHN, '$.married')).toBe(true);
    expect(call(getBoolFunction, '{"b": "FALSE"}', '$.b')).toBe(false);
  });

  it('give null for values of another type or out of range', () => {
    expect(call(getIntFunction, JOHN, '$.name')).toBeNull();
    expect(call(getIntFunction, JOHN, '$.salary')).toBeNull();
    expect(call(getIntFunction, JOHN, '$.big')).toBeNull();
    expect(call(getDoubleFunction, JOHN, '$.address')).toBeNull();
    expect(call(getBoolFunction, JOHN, '$.name')).toBeNull();
    expect(call(getBoolFunction, JOHN, '$.age')).toBeNull();
  });

  it('unwrap exactly one element, and give null for several or none', () => {
    expect(call(getStringFunction, JOHN, '$.tags')).toBe('["a"]');
    expect(call(getIntFunction, JOHN, '$.nums[1]')).toBe(2);
    expect(call(getIntFunction, JOHN, '$.nums')).toBeNull();
    expect(call(getIntFunction, JOHN, '$..age')).toBe(23);
    expect(call(getIntFunction, JOHN, '$..nothing')).toBeNull();
    expect(call(getLongFunction, JOHN, '$.missing')).toBeNull();
  });
});

describe('parseJavaDouble', () => {
  it('accepts what Double.parseDouble accepts', () => {
    expect(parseJavaDouble(' 1e3 ')).toBe(1000);
    expect(parseJavaDouble('12d')).toBe(12);
    expect(parseJavaDouble('-Infinity')).toBe(-Infinity);
    expect(parseJavaDouble('NaN')).toBeNaN();
    expect(parseJavaDouble('12abc')).toBeNull();
  });
});

describe('json:getObject', () => {
  it('returns the element as plain objects, unwrapping a one-element list', () => {
    expect(call(getObjectFunction, JOHN, '$.address')).toEqual({ city: 'NY' });
    expect(call(getObjectFunction, JOHN, '$.age')).toBe(23);
    expect(call(getObjectFunction, JOHN, '$.tags')).toBe('a');
    expect(call(getObjectFunction, JOHN, '$.nums')).toEqual([1, 2]);
    expect(call(getObjectFunction, JOHN, '$.salaryX')).toBeNull();
  });
});

describe('json:isExists', () => {
  it('tells whether the path selects an element', () => {
    expect(call(isExistsFunction, JOHN, '$.name')).toBe(true);
    expect(call(isExistsFunction, '{"a": null}', '$.a')).toBe(true);
    expect(call(isExistsFunction, JOHN, '$.salaryX')).toBe(false);
    expect(call(isExistsFunction, JOHN, '$..city')).toBe(true);
    expect(call(isExistsFunction, JOHN, '$..town')).toBe(false);
    expect(call(isExistsFunction, null, '$.name')).toBe(false);
  });
});
