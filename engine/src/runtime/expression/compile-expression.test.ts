// Operators: typing of every numeric pair, Java integer/float semantics, null handling,
// runtime errors, scope hooks (is null on streams, in, aggregates, event references) and
// the compile-once contract.

import { describe, expect, it, vi } from 'vitest';
import { builtinFunctionLookup } from '../../builtins/functions/index.js';
import { parseExpression } from '../../compiler/parse.js';
import type { AttributeType, Expression, Variable } from '../../query-api/index.js';
import { streamEvent, type StreamEvent } from '../event/event.js';
import { compileExpression } from './compile-expression.js';
import { ExpressionCompileError, RuntimeEvaluationError } from './expression-errors.js';
import { rowScope, type ScopeAttribute } from './row-scope.js';
import type {
  CompiledExpression,
  ExpressionScope,
  FunctionArgument,
  FunctionContext,
} from './types.js';

const ATTRIBUTES: readonly ScopeAttribute[] = [
  { name: 'i', type: 'int' },
  { name: 'l', type: 'long' },
  { name: 'f', type: 'float' },
  { name: 'd', type: 'double' },
  { name: 's', type: 'string' },
  { name: 'b', type: 'bool' },
  { name: 'o', type: 'object' },
  { name: 'n', type: 'int' },
  { name: 'nb', type: 'bool' },
];
const ROW: readonly unknown[] = [7, 70, Math.fround(55.5), 2.5, 'IBM', true, 'x', null, null];
const ctx: FunctionContext = { clock: { now: () => 12345 }, functions: builtinFunctionLookup };

function parse(text: string): Expression {
  const { expression, diagnostics } = parseExpression(text);
  if (expression === undefined) throw new Error(diagnostics.map((d) => d.message).join('; '));
  return expression;
}

function compile(
  text: string,
  scope: ExpressionScope<StreamEvent> = rowScope(ATTRIBUTES, ['S']),
): CompiledExpression<StreamEvent> {
  return compileExpression(parse(text), scope, ctx);
}

/** Evaluates `text` on ROW with some attributes replaced. */
function run(text: string, overrides: Record<string, unknown> = {}): unknown {
  const data = ATTRIBUTES.map((a, i) => (a.name in overrides ? overrides[a.name] : ROW[i]));
  return compile(text).evaluate(streamEvent(1000, data));
}

describe('arithmetic typing', () => {
  const operands: Record<AttributeType & ('int' | 'long' | 'float' | 'double'), string> = {
    int: 'i',
    long: 'l',
    float: 'f',
    double: 'd',
  };
  const widest = (a: string, b: string): string => {
    const order = ['int', 'long', 'float', 'double'];
    return order[Math.max(order.indexOf(a), order.indexOf(b))] ?? '';
  };
  for (const [lt, lv] of Object.entries(operands)) {
    for (const [rt, rv] of Object.entries(operands)) {
      it(`${lt} + ${rt} is ${widest(lt, rt)}`, () => {
        expect(compile(`${lv} + ${rv}`).type).toBe(widest(lt, rt));
        for (const op of ['-', '*', '/', '%']) {
          expect(compile(`${lv} ${op} ${rv}`).type).toBe(widest(lt, rt));
        }
      });
    }
  }

  it('values of each result type', () => {
    expect(run('i + l')).toBe(77);
    expect(run('i + f')).toBe(62.5);
    expect(run('l - d')).toBe(67.5);
    expect(run('f * 2')).toBe(111);
    expect(run('d / 2')).toBe(1.25);
  });
});

describe('integer semantics', () => {
  it('int and long division truncate toward zero', () => {
    expect(run('100/5')).toBe(20);
    expect(run('70L/10')).toBe(7);
    expect(compile('70L/10').type).toBe('long');
    expect(run('i / 2')).toBe(3);
    expect(run('-7 / 2')).toBe(-3);
    expect(run('l / -3')).toBe(-23);
    expect(Object.is(run('-1 / 2'), 0)).toBe(true);
    expect(Object.is(run('-1L / 2'), 0)).toBe(true);
  });

  it('remainder takes the sign of the dividend', () => {
    expect(run('-7 % 2')).toBe(-1);
    expect(run('7 % -2')).toBe(1);
    expect(Object.is(run('-4 % 2'), 0)).toBe(true);
    expect(run('l % 8')).toBe(6);
    expect(run('55.5f % 2')).toBe(1.5);
    expect(compile('55.5f % 2').type).toBe('float');
    expect(run('-5.5 % 2')).toBe(-1.5);
  });

  it('division and remainder by zero give null for every type (Siddhi returns null)', () => {
    for (const text of [
      'i / 0',
      'l / 0',
      'f / 0',
      'd / 0',
      'i % 0',
      'l % 0L',
      'f % 0f',
      'd % 0.0',
    ]) {
      expect(run(text)).toBeNull();
    }
  });

  it('int overflow wraps like Java', () => {
    expect(run('2147483647 + 1')).toBe(-2147483648);
    expect(run('-2147483648 - 1')).toBe(2147483647);
    expect(run('i * 1000000000')).toBe(Number(BigInt.asIntN(32, 7_000_000_000n)));
    expect(run('-2147483648 / -1')).toBe(-2147483648);
  });

  it('int operands are narrowed like intValue() when a non-integral value was sent', () => {
    expect(run('i + 1', { i: 1.9 })).toBe(2);
    expect(run('l + 1', { l: 2.5 })).toBe(3);
  });
});

describe('float semantics', () => {
  it('float results are rounded to 32 bits', () => {
    expect(run('f + 0.1f')).toBe(Math.fround(Math.fround(55.5) + Math.fround(0.1)));
    expect(run('0.1f + 0.2f')).toBe(Math.fround(Math.fround(0.1) + Math.fround(0.2)));
    expect(run('i + 0.1f')).toBe(Math.fround(7.1));
  });

  it('a float widened to double keeps its 32-bit value', () => {
    expect(run('f + 0.0', { f: Math.fround(75.6) })).toBe(75.5999984741211);
    expect(compile('f + 0.0').type).toBe('double');
  });

  it('float constants are 32-bit', () => {
    expect(run('0.1f')).toBe(Math.fround(0.1));
  });
});

describe('null and wrongly typed values', () => {
  it('arithmetic with a null operand is null', () => {
    expect(run('n + 1')).toBeNull();
    expect(run('1.5 * n')).toBeNull();
    expect(run('null + 1')).toBeNull();
    expect(compile('null + 1').type).toBe('int');
  });

  it('comparisons with null are false, != included', () => {
    for (const text of ['n == 1', 'n != 1', 'n < 1', 'n >= 1', 's == null', 'null != 1']) {
      expect(run(text)).toBe(false);
    }
    expect(run('s != "IBM"', { s: null })).toBe(false);
  });

  it('a non-numeric value throws a RuntimeEvaluationError naming the operator', () => {
    expect(() => run('f + 0.0 > 0.0', { f: 'EBAY' })).toThrow(RuntimeEvaluationError);
    expect(() => run('f + 0.0', { f: 'EBAY' })).toThrow(/'\+' expects numeric operands/);
    expect(() => run('i > 1', { i: true })).toThrow(RuntimeEvaluationError);
  });
});

describe('comparisons', () => {
  it('compares across numeric widths', () => {
    expect(run('l > 50f')).toBe(true);
    expect(run('i == 7L')).toBe(true);
    expect(run('i < 7.5')).toBe(true);
    expect(run('i >= 4d')).toBe(true);
    expect(run('d <= 2.5f')).toBe(true);
    expect(run('f == 55.5')).toBe(true);
  });

  it('int/long against float compare as floats (Java widening)', () => {
    expect(run('i == f', { i: 16777217, f: 16777216 })).toBe(true);
    expect(run('i == d', { i: 16777217, d: 16777216 })).toBe(false);
  });

  it('strings and bools', () => {
    expect(run('s == "IBM"')).toBe(true);
    expect(run('s != "IBM"')).toBe(false);
    expect(run('s < "JBM"')).toBe(true);
    expect(run('b == true')).toBe(true);
    expect(run('b != false')).toBe(true);
  });

  it('rejects what the validator rejects', () => {
    expect(() => compile('s == 1')).toThrow(ExpressionCompileError);
    expect(() => compile('b < true')).toThrow(ExpressionCompileError);
    expect(() => compile('s + 1')).toThrow(ExpressionCompileError);
  });
});

describe('logic', () => {
  it('and / or / not treat null as false', () => {
    expect(run('b and n == 1')).toBe(false);
    expect(run('b or n == 1')).toBe(true);
    expect(run('not (n == 1)')).toBe(true);
    expect(run('nb and true')).toBe(false);
    expect(run('nb or true')).toBe(true);
    expect(run('not nb')).toBe(true);
    expect(run('not b')).toBe(false);
  });

  it('and short-circuits', () => {
    expect(run('false and f + 0.0 > 0.0', { f: 'EBAY' })).toBe(false);
  });

  it('is null', () => {
    expect(run('n is null')).toBe(true);
    expect(run('i is null')).toBe(false);
    expect(run('convert(n, "string") is null')).toBe(true);
  });
});

describe('constants', () => {
  it('time constants are long milliseconds', () => {
    const c = compile('1 min 30 sec');
    expect(c.type).toBe('long');
    expect(c.evaluate(streamEvent(0, []))).toBe(90000);
    expect(run('l + 1 sec')).toBe(1070);
  });

  it('constant operator trees fold at compile time', () => {
    const c = compile('(1 + 2) * 3 > 8');
    expect(c.constant).toBe(true);
    expect(c.evaluate(streamEvent(0, []))).toBe(true);
    expect(compile('i + 1').constant).toBe(false);
  });

  it('the null literal is typed object', () => {
    expect(compile('null').type).toBe('object');
  });
});

describe('compile once', () => {
  it('resolves attributes and functions once, then evaluates plain closures', () => {
    const base = rowScope(ATTRIBUTES);
    const resolve = vi.fn((v: Variable) => base.resolve(v));
    const scope: ExpressionScope<StreamEvent> = { ...base, resolve };
    const coalesce = builtinFunctionLookup.resolve('', 'coalesce');
    if (coalesce === undefined) throw new Error('coalesce is missing');
    const create = vi.fn((args: readonly FunctionArgument[], c: FunctionContext) =>
      coalesce.create(args, c),
    );
    const counting: FunctionContext = {
      ...ctx,
      functions: {
        resolve: (ns, name) => (name === 'coalesce' ? { ...coalesce, create } : undefined),
      },
    };
    const compiled = compileExpression(
      parse('coalesce(n, i) * 2 + l > 10 and s == "IBM"'),
      scope,
      counting,
    );
    expect(resolve).toHaveBeenCalledTimes(4);
    expect(create).toHaveBeenCalledTimes(1);
    const event = streamEvent(0, [...ROW]);
    for (let k = 0; k < 5; k += 1) expect(compiled.evaluate(event)).toBe(true);
    expect(resolve).toHaveBeenCalledTimes(4);
    expect(create).toHaveBeenCalledTimes(1);
  });

  it('a plain attribute evaluates with the accessor itself (no wrapper)', () => {
    const read = (e: StreamEvent): unknown => e.data[0];
    const scope: ExpressionScope<StreamEvent> = {
      resolve: () => ({ type: 'int', read }),
      timestamp: (e) => e.timestamp,
    };
    expect(compile('i', scope).evaluate).toBe(read);
    expect(typeof compile('i + 1', scope).evaluate).toBe('function');
  });
});

describe('scope hooks', () => {
  const base = rowScope(ATTRIBUTES);

  it('stream is null needs resolveStreamNull', () => {
    expect(() => compile('e2[last] is null', base)).toThrow(ExpressionCompileError);
    const scope: ExpressionScope<StreamEvent> = {
      ...base,
      resolveStreamNull: (n) => (e) => n.stream === 'e2' && e.timestamp > 5,
    };
    const c = compile('e2[last] is null', scope);
    expect(c.evaluate(streamEvent(10, []))).toBe(true);
    expect(c.evaluate(streamEvent(1, []))).toBe(false);
  });

  it('in needs resolveIn; unresolvable is a compile error', () => {
    expect(() => compile('i in T', base)).toThrow(/table 'T'/);
    expect(() => compile('i in T', { ...base, resolveIn: () => undefined })).toThrow(
      ExpressionCompileError,
    );
    const scope: ExpressionScope<StreamEvent> = {
      ...base,
      resolveIn: (x) => (e) => x.table === 'T' && e.data[0] === 7,
    };
    expect(compile('i in T', scope).evaluate(streamEvent(0, [...ROW]))).toBe(true);
  });

  it('aggregates are read through resolveAggregate', () => {
    const scope: ExpressionScope<StreamEvent> = {
      ...base,
      resolveAggregate: (call) =>
        call.name === 'sum' ? { type: 'long', read: () => 40 } : undefined,
    };
    const c = compile('sum(l) + 2', scope);
    expect(c.type).toBe('long');
    expect(c.evaluate(streamEvent(0, [...ROW]))).toBe(42);
  });

  it('event references for eventTimestamp(e1) and e1 is null', () => {
    const e1 = streamEvent(777, []);
    const scope: ExpressionScope<StreamEvent> = {
      ...base,
      resolveEventReference: (v) =>
        v.attribute === 'e1' ? (e) => (e.timestamp > 0 ? e1 : null) : undefined,
    };
    expect(compile('eventTimestamp(e1)', scope).evaluate(streamEvent(5, []))).toBe(777);
    expect(compile('eventTimestamp(e1)', scope).evaluate(streamEvent(0, []))).toBeNull();
    expect(compile('e1 is null', scope).evaluate(streamEvent(0, []))).toBe(true);
    expect(compile('e1 is null', scope).evaluate(streamEvent(5, []))).toBe(false);
    expect(compile('eventTimestamp()', scope).evaluate(streamEvent(5, []))).toBe(5);
  });

  it('unknown functions fail at compile time', () => {
    expect(() => compile('nope(i)')).toThrow(/no implementation of function 'nope'/);
    expect(() => compile('str:concat(s)')).toThrow(ExpressionCompileError);
  });
});
