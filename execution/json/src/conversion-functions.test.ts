// Tests of json:toObject and json:toString (with and without allow.escape).

import type { Extension } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { toObjectFunction, toStringFunction } from './conversion-functions.js';

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

describe('json:toObject', () => {
  it('parses JSON text into objects', () => {
    expect(call(toObjectFunction, '{"a": [1, {"b": true}]}')).toEqual({ a: [1, { b: true }] });
    expect(call(toObjectFunction, null)).toBeNull();
    expect(() => call(toObjectFunction, '{"a":')).toThrow(/not a valid JSON/);
  });
});

describe('json:toString', () => {
  it('writes objects as compact JSON', () => {
    expect(call(toStringFunction, { user: 'david' })).toBe('{"user":"david"}');
    expect(call(toStringFunction, new Map([['m', [1]]]))).toBe('{"m":[1]}');
    expect(call(toStringFunction, '{ "user" : "david" }')).toBe('{"user":"david"}');
  });

  it('escapes the text once more with allow.escape', () => {
    expect(call(toStringFunction, { user: 'david' }, true)).toBe('"{\\"user\\":\\"david\\"}"');
    expect(call(toStringFunction, { user: 'david' }, false)).toBe('{"user":"david"}');
  });
});
