// Tests of json:setElement: appending to arrays, setting keys, replacing values, leaving the
// JSON unmodified for paths that select nothing, and never modifying the input object.

import type { Extension } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { setElementFunction } from './set-element.js';

const ctx = { clock: { now: () => 0 }, functions: { resolve: () => undefined } };

function call(extension: Extension, ...args: unknown[]): unknown {
  if (extension.kind !== 'function') throw new Error('not a function');
  const instance = extension.spec.create(
    args.map(() => ({ type: 'object' as const, constant: false })),
    ctx,
  );
  if (instance.call === undefined) throw new Error('no call');
  return instance.call(args);
}

describe('json:setElement', () => {
  it('adds or replaces a key in the object at the path', () => {
    const json = "{'name' : 'John', 'married' : true}";
    expect(call(setElementFunction, json, '$', 40, 'age')).toEqual({
      name: 'John',
      married: true,
      age: 40,
    });
    expect(call(setElementFunction, '{"age": 40}', '$', 45, 'age')).toEqual({ age: 45 });
  });

  it('parses a keyed string element holding a JSON object', () => {
    expect(
      call(setElementFunction, '{"name":"John"}', '$', "{'country' : 'USA'}", 'address'),
    ).toEqual({
      name: 'John',
      address: { country: 'USA' },
    });
  });

  it('appends to the array at the path, ignoring a key', () => {
    const json = "{'name' : 'Stationary', 'items' : ['pen', 'pencil']}";
    expect(call(setElementFunction, json, '$.items', 'book')).toEqual({
      name: 'Stationary',
      items: ['pen', 'pencil', 'book'],
    });
    expect(call(setElementFunction, json, '$.items', '{"a":1}', 'k')).toEqual({
      name: 'Stationary',
      items: ['pen', 'pencil', { a: 1 }],
    });
  });

  it('replaces the value at the path without parsing strings', () => {
    expect(call(setElementFunction, "{'item' : 'pen'}", '$.item', 'book')).toEqual({
      item: 'book',
    });
    expect(call(setElementFunction, '{"a": [1, 2]}', '$.a[0]', '{"x":1}')).toEqual({
      a: ['{"x":1}', 2],
    });
  });

  it('returns the JSON unmodified when the path selects nothing', () => {
    const json = "{'name' : 'John', 'married' : true}";
    expect(call(setElementFunction, json, '$.address', 'city', 'SF')).toEqual({
      name: 'John',
      married: true,
    });
    expect(call(setElementFunction, json, '$..nothing', 1)).toEqual({
      name: 'John',
      married: true,
    });
  });

  it('appends to every array an indefinite path selects', () => {
    expect(call(setElementFunction, '{"a": {"x": [1]}, "b": {"x": []}}', '$..x', 9)).toEqual({
      a: { x: [1, 9] },
      b: { x: [9] },
    });
  });

  it('works on a copy of an object input', () => {
    const input = { tags: ['a'] };
    expect(call(setElementFunction, input, '$.tags', 'b')).toEqual({ tags: ['a', 'b'] });
    expect(input).toEqual({ tags: ['a'] });
  });

  it('fails the event when a key is set on a non-object and gives null for a null json', () => {
    expect(() => call(setElementFunction, '{"a": 1}', '$.a', 2, 'k')).toThrow(/not an object/);
    expect(call(setElementFunction, null, '$', 1, 'k')).toBeNull();
  });
});
