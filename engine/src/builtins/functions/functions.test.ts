// Built-in functions, with expectations taken from the conformance suites
// (query/function/*.json) plus the general behaviour of Siddhi's executors.

import { describe, expect, it } from 'vitest';
import { builtinFunctions } from '../catalog/functions.js';
import { parseExpression } from '../../compiler/parse.js';
import { streamEvent, type StreamEvent } from '../../runtime/event/event.js';
import { compileExpression } from '../../runtime/expression/compile-expression.js';
import { RuntimeEvaluationError } from '../../runtime/expression/expression-errors.js';
import { rowScope, type ScopeAttribute } from '../../runtime/expression/row-scope.js';
import type {
  CompiledExpression,
  FunctionContext,
  FunctionImplementation,
} from '../../runtime/expression/types.js';
import {
  builtinFunctionImplementations,
  builtinFunctionLookup,
  composeFunctionLookups,
  createFunctionLookup,
} from './index.js';

const ctx: FunctionContext = { clock: { now: () => 12345 }, functions: builtinFunctionLookup };

/** A stream `(name type, …)` whose events are sent as rows. */
function stream(schema: string) {
  const attributes: ScopeAttribute[] = schema.split(',').map((part) => {
    const [name = '', type = ''] = part.trim().split(/\s+/);
    return { name, type: type as ScopeAttribute['type'] };
  });
  const scope = rowScope(attributes);
  const compile = (text: string): CompiledExpression<StreamEvent> => {
    const { expression, diagnostics } = parseExpression(text);
    if (expression === undefined) throw new Error(diagnostics.map((d) => d.message).join('; '));
    return compileExpression(expression, scope, ctx);
  };
  return {
    compile,
    /** Evaluates each `select` item on the row. */
    select: (items: readonly string[], row: readonly unknown[], timestamp = 1000): unknown[] => {
      const event = streamEvent(timestamp, [...row]);
      return items.map((item) => compile(item).evaluate(event));
    },
    one: (item: string, row: readonly unknown[]): unknown =>
      compile(item).evaluate(streamEvent(1000, [...row])),
  };
}

describe('the registry', () => {
  it('implements every function of the catalog', () => {
    for (const spec of builtinFunctions) {
      expect(builtinFunctionLookup.resolve(spec.namespace, spec.name), spec.name).toBeDefined();
    }
    expect(builtinFunctionImplementations).toHaveLength(builtinFunctions.length);
  });

  it('namespaces are case-insensitive, names are not; earlier lookups win', () => {
    const mine: FunctionImplementation = {
      namespace: 'My',
      name: 'twice',
      create: () => ({ type: 'int', call: (a) => ((a[0] as number) * 2) | 0 }),
    };
    const lookup = composeFunctionLookups(createFunctionLookup([mine]), builtinFunctionLookup);
    expect(lookup.resolve('my', 'twice')).toBe(mine);
    expect(lookup.resolve('MY', 'Twice')).toBeUndefined();
    expect(lookup.resolve('', 'cast')).toBeDefined();
    const withMine: FunctionContext = { ...ctx, functions: lookup };
    const { expression } = parseExpression('my:twice(i) + my:twice(3)');
    if (expression === undefined) throw new Error('parse');
    const compiled = compileExpression(
      expression,
      rowScope([{ name: 'i', type: 'int' }]),
      withMine,
    );
    expect(compiled.evaluate(streamEvent(0, [5]))).toBe(16);
  });

  it('calls with many arguments reuse one array', () => {
    const seen: (readonly unknown[])[] = [];
    const spy: FunctionImplementation = {
      namespace: 't',
      name: 'spy',
      create: () => ({ type: 'int', call: (a) => (seen.push(a), a.length) }),
    };
    const withSpy: FunctionContext = {
      ...ctx,
      functions: composeFunctionLookups(createFunctionLookup([spy]), builtinFunctionLookup),
    };
    for (const text of ['t:spy(i)', 't:spy(i, i, i, i, i)']) {
      const { expression } = parseExpression(text);
      if (expression === undefined) throw new Error('parse');
      const c = compileExpression(expression, rowScope([{ name: 'i', type: 'int' }]), withSpy);
      c.evaluate(streamEvent(0, [1]));
      c.evaluate(streamEvent(0, [2]));
      expect(seen[0]).toBe(seen[1]);
      seen.length = 0;
    }
  });
});

describe('cast (CastFunctionExecutorTestCase)', () => {
  const s = stream('symbol string, price object, volume long, isAllowed bool');
  it('does not convert', () => {
    for (const to of ['double', 'float', 'long', 'int']) {
      expect(s.one(`cast(price, '${to}')`, ['IBM', 100.3, 100, true])).toBe(100.3);
      expect(s.one(`cast(price, '${to}')`, ['WSO2', true, 200, true])).toBe(true);
      expect(s.compile(`cast(price, '${to}')`).type).toBe(to);
    }
    expect(s.one("cast(symbol, 'string')", ['XYZ', 300, 200, true])).toBe('XYZ');
    expect(s.one("cast(isAllowed, 'bool')", ['XYZ', 300, 200, false])).toBe(false);
    expect(s.one("cast(price, 'DOUBLE')", ['XYZ', 300, 200, false])).toBe(300);
  });

  it('a null cast to bool reads false (bool function results never are null)', () => {
    expect(s.one("cast(price, 'bool')", ['X', null, 1, true])).toBe(false);
    expect(s.one("cast(price, 'double')", ['X', null, 1, true])).toBeNull();
  });
});

describe('convert (ConvertFunctionTestCase)', () => {
  const s = stream(
    'typeS string, typeF float, typeD double, typeI int, typeL long, typeB bool, typeN double',
  );
  const targets = ['string', 'float', 'double', 'int', 'long', 'bool'];
  const all = ['typeS', 'typeF', 'typeD', 'typeI', 'typeL', 'typeB'].flatMap((a) =>
    targets.map((t) => `convert(${a}, '${t}')`),
  );

  it('identity conversions and null (convertFunctionTest1)', () => {
    const items = [
      "convert(typeS,'string')",
      "convert(typeF,'float')",
      "convert(typeD,'double')",
      "convert(typeI,'int')",
      "convert(typeL,'long')",
      "convert(typeB,'bool')",
      "convert(typeN,'string')",
    ];
    expect(s.select(items, ['WSO2', 2, 3, 4, 5, true, null])).toEqual([
      'WSO2',
      2,
      3,
      4,
      5,
      true,
      null,
    ]);
  });

  it('every type pair (convertFunctionTest2)', () => {
    expect(s.select(all, ['WSO2', 2, 3, 4, 5, true, null])).toEqual([
      ...['WSO2', null, null, null, null, false],
      ...['2.0', 2, 2, 2, 2, false],
      ...['3.0', 3, 3, 3, 3, false],
      ...['4', 4, 4, 4, 4, false],
      ...['5', 5, 5, 5, 5, false],
      ...['true', 1, 1, 1, 1, true],
    ]);
  });

  it('to bool: "true" and 1 are true (convertFunctionTest3)', () => {
    const items = ['typeS', 'typeF', 'typeD', 'typeI', 'typeL', 'typeB'].map(
      (a) => `convert(${a}, 'bool')`,
    );
    expect(s.select(items, ['true', 1, 1, 1, 1, true, null])).toEqual(Array(6).fill(true));
    expect(s.one("convert(typeS, 'bool')", ['TRUE', 1, 1, 1, 1, true, null])).toBe(true);
    expect(s.one("convert(typeF, 'bool')", ['x', 2, 1, 1, 1, true, null])).toBe(false);
  });

  it('parses strings like Java (unparsable → null)', () => {
    const row = (text: string): unknown[] => [text, 0, 0, 0, 0, false, null];
    expect(s.one("convert(typeS, 'int')", row('12'))).toBe(12);
    expect(s.one("convert(typeS, 'int')", row('-12'))).toBe(-12);
    expect(s.one("convert(typeS, 'int')", row('12.0'))).toBeNull();
    expect(s.one("convert(typeS, 'int')", row(' 12'))).toBeNull();
    expect(s.one("convert(typeS, 'int')", row('99999999999'))).toBeNull();
    expect(s.one("convert(typeS, 'long')", row('99999999999'))).toBe(99999999999);
    expect(s.one("convert(typeS, 'long')", row('9223372036854775808'))).toBeNull();
    expect(s.one("convert(typeS, 'double')", row(' 12.5 '))).toBe(12.5);
    expect(s.one("convert(typeS, 'double')", row('1e3'))).toBe(1000);
    expect(s.one("convert(typeS, 'double')", row('2d'))).toBe(2);
    expect(s.one("convert(typeS, 'double')", row('NaN'))).toBeNaN();
    expect(s.one("convert(typeS, 'double')", row('12,5'))).toBeNull();
    expect(s.one("convert(typeS, 'float')", row('0.1f'))).toBe(Math.fround(0.1));
  });

  it('narrows numbers like Java casts', () => {
    const row = (f: number, d: number, l: number): unknown[] => ['', f, d, 0, l, false, null];
    expect(s.one("convert(typeD, 'int')", row(0, 3.9, 0))).toBe(3);
    expect(s.one("convert(typeD, 'int')", row(0, -3.9, 0))).toBe(-3);
    expect(s.one("convert(typeD, 'int')", row(0, 1e10, 0))).toBe(2147483647);
    expect(s.one("convert(typeD, 'int')", row(0, NaN, 0))).toBe(0);
    expect(s.one("convert(typeD, 'long')", row(0, -1e20, 0))).toBe(-(2 ** 63));
    expect(s.one("convert(typeL, 'int')", row(0, 0, 2 ** 32 + 5))).toBe(5);
    expect(s.one("convert(typeD, 'float')", row(0, 0.1, 0))).toBe(Math.fround(0.1));
    expect(s.one("convert(typeF, 'string')", row(Math.fround(0.1), 0, 0))).toBe('0.1');
    expect(s.one("convert(typeD, 'string')", row(0, 1e7, 0))).toBe('1.0E7');
    expect(s.one("convert(typeD, 'string')", row(0, 0.0001, 0))).toBe('1.0E-4');
  });

  it('a wrongly typed value fails the event', () => {
    expect(() => s.one("convert(typeD, 'int')", ['', 0, 'x', 0, 0, false, null])).toThrow(
      RuntimeEvaluationError,
    );
  });

  it('object inputs give null except to string', () => {
    const o = stream('o object');
    expect(o.one("convert(o, 'int')", [5])).toBeNull();
    expect(o.one("convert(o, 'string')", [5])).toBe('5');
    expect(o.one("convert(o, 'string')", [5.5])).toBe('5.5');
  });
});

describe('coalesce and default (FunctionTestCase)', () => {
  const s = stream('symbol string, price1 float, price2 float, volume long, quantity int');
  it('returns the first non-null argument (functionTest1)', () => {
    const rows: [unknown, unknown, unknown][] = [
      [55.6, 70.6, 55.6],
      [65.7, 12.8, 65.7],
      [23.6, null, 23.6],
      [null, 34.6, 34.6],
      [null, null, null],
    ];
    for (const [p1, p2, want] of rows) {
      expect(s.one('coalesce(price1, price2)', ['WSO2', p1, p2, 0, 0])).toBe(want);
    }
    expect(s.compile('coalesce(price1, price2)').type).toBe('float');
  });

  it('works in a filter (functionTest3)', () => {
    const filter = 'coalesce(price1, price2) > 0f';
    expect(s.one(filter, ['WSO2', 50, 60, 60, 6])).toBe(true);
    expect(s.one(filter, ['WSO2', 70, null, 40, 10])).toBe(true);
    expect(s.one(filter, ['WSO2', null, 44, 200, 56])).toBe(true);
    expect(s.one(filter, ['WSO2', null, null, 200, 56])).toBe(false);
  });

  it('coalesce with one and with many arguments', () => {
    expect(s.one('coalesce(price1)', ['X', null, 1, 0, 0])).toBeNull();
    expect(s.one('coalesce(volume, null, 5L, 6L)', ['X', 0, 0, null, 0])).toBe(5);
  });

  it('default replaces null only', () => {
    const t = stream('temp double, roomNo int');
    expect(t.one('default(temp, 0.0)', [null, 1])).toBe(0);
    expect(t.one('default(temp, 0.0)', [21.5, 1])).toBe(21.5);
    expect(t.compile('default(temp, 0.0)').type).toBe('double');
  });
});

describe('ifThenElse', () => {
  const s = stream('sensorValue double, o object, n int');
  it('picks the branch; null condition picks else', () => {
    expect(s.one("ifThenElse(sensorValue > 35, 'High', 'Low')", [50, null, null])).toBe('High');
    expect(s.one("ifThenElse(sensorValue > 35, 'High', 'Low')", [10, null, null])).toBe('Low');
    expect(s.one("ifThenElse(sensorValue > 35, 'High', 'Low')", [null, null, null])).toBe('Low');
    expect(s.compile('ifThenElse(sensorValue > 35, null, 1)').type).toBe('int');
  });

  it('evaluates only the chosen branch', () => {
    expect(s.one('ifThenElse(o is null, 0, sizeOfSet(o))', [0, null, null])).toBe(0);
    expect(() => s.one('ifThenElse(o is null, 0, sizeOfSet(o))', [0, 'x', null])).toThrow(
      RuntimeEvaluationError,
    );
  });
});

describe('instanceOf… (InstanceOfFunctionTestCase)', () => {
  const s = stream(
    'timestamp long, isPowerSaverEnabled bool, sensorId int, sensorName string, longitude double, latitude double, humidity float, sensorValue double, o object',
  );
  const row = (overrides: Record<number, unknown>): unknown[] => {
    const base: unknown[] = [
      19900813115534,
      false,
      601,
      'temperature',
      90.34344,
      20.44345,
      Math.fround(2.3),
      20.44345,
      null,
    ];
    for (const [k, v] of Object.entries(overrides)) base[Number(k)] = v;
    return base;
  };

  it('answers the conformance cases', () => {
    expect(s.one('instanceOfBoolean(isPowerSaverEnabled)', row({}))).toBe(true);
    expect(s.one('instanceOfBoolean(isPowerSaverEnabled)', row({ 1: 'notAvailable' }))).toBe(false);
    expect(s.one('instanceOfInteger(sensorId)', row({}))).toBe(true);
    expect(s.one('instanceOfInteger(sensorId)', row({ 2: 60232434.657 }))).toBe(false);
    expect(s.one('instanceOfString(sensorName)', row({}))).toBe(true);
    expect(s.one('instanceOfString(sensorName)', row({ 3: 90.34344 }))).toBe(false);
    expect(s.one('instanceOfDouble(longitude)', row({}))).toBe(true);
    expect(s.one('instanceOfDouble(longitude)', row({ 4: '90.3434' }))).toBe(false);
    expect(s.one('instanceOfLong(timestamp)', row({}))).toBe(true);
    expect(s.one('instanceOfFloat(humidity)', row({}))).toBe(true);
  });

  it('distinguishes numeric classes by static type', () => {
    expect(s.one('instanceOfInteger(timestamp)', row({ 0: 5 }))).toBe(false);
    expect(s.one('instanceOfLong(sensorId)', row({}))).toBe(false);
    expect(s.one('instanceOfFloat(longitude)', row({}))).toBe(false);
    expect(s.one('instanceOfDouble(humidity)', row({}))).toBe(false);
    expect(s.one('instanceOfInteger(sensorId + 1)', row({}))).toBe(true);
    expect(s.one('instanceOfLong(sensorId + 1L)', row({}))).toBe(true);
    expect(s.one('instanceOfInteger(sensorId)', row({ 2: null }))).toBe(false);
  });

  it('classifies object values by their value', () => {
    expect(s.one('instanceOfInteger(o)', row({ 8: 5 }))).toBe(true);
    expect(s.one('instanceOfLong(o)', row({ 8: 5 }))).toBe(false);
    expect(s.one('instanceOfLong(o)', row({ 8: 2 ** 40 }))).toBe(true);
    expect(s.one('instanceOfLong(o)', row({ 8: 5n }))).toBe(true);
    expect(s.one('instanceOfDouble(o)', row({ 8: 5.5 }))).toBe(true);
    expect(s.one('instanceOfFloat(o)', row({ 8: 5.5 }))).toBe(false);
    expect(s.one('instanceOfString(o)', row({ 8: 'x' }))).toBe(true);
    expect(s.one('instanceOfBoolean(o)', row({ 8: true }))).toBe(true);
  });
});

describe('maximum and minimum (MinimumFunctionExtensionTestCase)', () => {
  it('double, float, int and long', () => {
    const d = stream('price1 double, price2 double, price3 double');
    const rows: [number, number, number, number][] = [
      [36, 36.75, 35.75, 35.75],
      [37.88, 38.12, 37.62, 37.62],
      [39, 39.25, 38.62, 38.62],
      [36.88, 37.75, 36.75, 36.75],
      [38.12, 38.12, 37.75, 37.75],
      [38.12, 40, 37.75, 37.75],
    ];
    for (const [a, b, c, min] of rows) {
      expect(d.one('minimum(price1, price2, price3)', [a, b, c])).toBe(min);
      expect(d.one('maximum(price1, price2, price3)', [a, b, c])).toBe(Math.max(a, b, c));
    }
    const f = stream('price1 float, price2 float, price3 float');
    const fr = Math.fround;
    expect(f.one('minimum(price1, price2, price3)', [fr(37.88), fr(38.12), fr(37.62)])).toBe(
      fr(37.62),
    );
    expect(f.compile('minimum(price1, price2, price3)').type).toBe('float');
    const i = stream('price1 int, price2 int, price3 int');
    expect(i.one('minimum(price1, price2, price3)', [78, 38, 37])).toBe(37);
    expect(i.one('minimum(price1, price2, price3)', [3812, 40, 3775])).toBe(40);
    const l = stream('price1 long, price2 long, price3 long');
    expect(l.one('minimum(price1, price2, price3)', [9, 39, 38])).toBe(9);
    expect(l.compile('maximum(price1, price2, price3)').type).toBe('long');
  });

  it('skips nulls; all null is null; negatives work', () => {
    const i = stream('a int, b int');
    expect(i.one('maximum(a, b)', [null, 3])).toBe(3);
    expect(i.one('minimum(a, b)', [null, null])).toBeNull();
    expect(i.one('maximum(a, b)', [-5, -3])).toBe(-3);
    expect(i.one('maximum(a)', [-5, 0])).toBe(-5);
  });
});

describe('sets', () => {
  const s = stream('symbol string, o object');
  it('createSet holds the value; sizeOfSet counts', () => {
    const set = s.one('createSet(symbol)', ['IBM', null]);
    expect(set).toEqual(new Set(['IBM']));
    expect(s.compile('createSet(symbol)').type).toBe('object');
    expect(s.one('sizeOfSet(createSet(symbol))', ['IBM', null])).toBe(1);
    expect(s.one('sizeOfSet(o)', ['IBM', new Set([1, 2, 3])])).toBe(3);
    expect(s.one('sizeOfSet(o)', ['IBM', null])).toBe(0);
  });

  it('sizeOfSet of a non-set fails the event', () => {
    expect(() => s.one('sizeOfSet(o)', ['IBM', 'x'])).toThrow(/sizeOfSet\(\) expects a set/);
  });
});

describe('time and identity', () => {
  const s = stream('symbol string');
  it('currentTimeMillis reads the context clock', () => {
    expect(s.one('currentTimeMillis()', ['x'])).toBe(12345);
    expect(s.compile('currentTimeMillis()').type).toBe('long');
  });

  it('eventTimestamp() is the event time (testFunctionQuery7_1)', () => {
    expect(s.select(['eventTimestamp()'], ['WSO2'], 10)).toEqual([10]);
  });

  it('UUID gives a fresh version 4 UUID per event', () => {
    const c = s.compile('UUID()');
    const a = c.evaluate(streamEvent(0, ['x']));
    const b = c.evaluate(streamEvent(0, ['x']));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).not.toBe(b);
    expect(c.type).toBe('string');
  });
});
