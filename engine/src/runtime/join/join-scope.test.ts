// Unit tests for the join scope: qualified and unqualified names, aliases, self joins, missing
// sides read as null, `S is null` and event references.

import { describe, expect, it } from 'vitest';
import type { IsNullStream, Variable } from '../../query-api/index.js';
import { NO_SPAN } from '../../query-api/index.js';
import { streamEvent } from '../event/event.js';
import { joinEvent } from './join-event.js';
import { joinScope, type JoinSideSchema } from './join-scope.js';

const S: JoinSideSchema = {
  streamId: 'S',
  attributes: [
    { name: 'symbol', type: 'string' },
    { name: 'price', type: 'float' },
  ],
};
const T: JoinSideSchema = {
  streamId: 'T',
  alias: 't',
  attributes: [
    { name: 'company', type: 'string' },
    { name: 'price', type: 'double' },
  ],
};

function v(attribute: string, stream?: string): Variable {
  return {
    kind: 'variable',
    span: NO_SPAN,
    attribute,
    ...(stream === undefined ? {} : { stream }),
  };
}

const pair = joinEvent(5, 'current', streamEvent(1, ['IBM', 10]), streamEvent(2, ['WSO2', 20]));

describe('joinScope', () => {
  it('reads qualified names from the named side, by stream id or alias', () => {
    const scope = joinScope(S, T);
    expect(scope.resolve(v('symbol', 'S')).read(pair)).toBe('IBM');
    expect(scope.resolve(v('price', 't')).read(pair)).toBe(20);
    expect(scope.resolve(v('price', 'T')).read(pair)).toBe(20);
    expect(scope.resolve(v('price', 't')).type).toBe('double');
    expect(scope.timestamp(pair)).toBe(5);
  });

  it('reads unqualified names from the one side that has them and rejects ambiguous ones', () => {
    const scope = joinScope(S, T);
    expect(scope.resolve(v('company')).read(pair)).toBe('WSO2');
    expect(scope.resolve(v('symbol')).read(pair)).toBe('IBM');
    expect(() => scope.resolve(v('price'))).toThrow(/ambiguous/);
    expect(() => scope.resolve(v('volume'))).toThrow(/unknown attribute 'volume'/);
    expect(() => scope.resolve(v('symbol', 'X'))).toThrow(/unknown attribute 'X.symbol'/);
  });

  it('tells the sides of a self join apart by alias', () => {
    const scope = joinScope({ ...S, alias: 'a' }, { ...S, alias: 'b' });
    expect(scope.resolve(v('price', 'a')).read(pair)).toBe(10);
    expect(scope.resolve(v('symbol', 'b')).read(pair)).toBe('WSO2');
    expect(() => scope.resolve(v('price', 'S'))).toThrow(/unknown attribute/);
  });

  it('reads a missing side as null and answers `is null` and event references', () => {
    const scope = joinScope(S, T);
    const leftOnly = joinEvent(1, 'current', streamEvent(1, ['IBM', 10]), null);
    expect(scope.resolve(v('company', 't')).read(leftOnly)).toBeNull();
    const isNull = (stream: string): IsNullStream => ({
      kind: 'isNullStream',
      span: NO_SPAN,
      stream,
    });
    expect(scope.resolveStreamNull?.(isNull('t'))(leftOnly)).toBe(true);
    expect(scope.resolveStreamNull?.(isNull('S'))(leftOnly)).toBe(false);
    expect(scope.resolveEventReference?.(v('t'))?.(pair)).toBe(pair.right);
    expect(scope.resolveEventReference?.(v('symbol'))).toBeUndefined();
  });
});
