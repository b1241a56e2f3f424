// Integration tests of shared filter evaluation: a fan-out app gives the same outputs, in the
// same order, with and without the predicate index (ranges, equality, residual conditions,
// int/long/float/double promotion, nulls, NaN, wrongly typed values, batches); and unit tests
// of which leading conjuncts become index constraints.

import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine.js';
import { parseExpression } from '../compiler/parse.js';
import type { Expression, SingleInputStream } from '../query-api/index.js';
import { NO_SPAN } from '../query-api/index.js';
import { compileExpression } from '../runtime/expression/index.js';
import { rowScope } from '../runtime/expression/row-scope.js';
import { FilterProcessor } from '../runtime/processor/filter-processor.js';
import { VirtualClock } from '../runtime/time/index.js';
import { builtinRegistry } from '../builtins/catalog/index.js';
import { sharedFilterOf } from './shared-filter.js';

const STREAM =
  'define stream S (symbol string, price float, volume long, qty int, ratio double, ok bool);';

/** A seeded generator (LCG), so failures reproduce. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const POINTS = [0, 1, 2.5, 3, 7, 10, 10.1, 16777216, 16777217];

function fanoutApp(seed: number): string {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const lines = [STREAM];
  const constants = ['0', '1', '2.5', '2.5f', '3', '3L', '7', '10.1', '10.1f', '16777217', '-1'];
  const ops = ['<', '<=', '>', '>=', '=='];
  const forms: (() => string)[] = [
    () => `price ${pick(ops)} ${pick(constants)} and price ${pick(ops)} ${pick(constants)}`,
    () => `${pick(constants)} ${pick(ops)} price`,
    () => `volume ${pick(ops)} ${pick(constants)} and volume < 100 and symbol != 'B'`,
    () => `qty ${pick(ops)} ${pick(constants)}`,
    () => `ratio ${pick(ops)} ${pick(constants)} and ratio ${pick(ops)} ${pick(constants)}`,
    () => `symbol == '${pick(['A', 'B', 'C'])}'`,
    () => `ok == ${pick(['true', 'false'])} and price > 1`,
    () => `price + 1 > ${pick(constants)}`,
    () => `price > ${pick(constants)} or qty == 3`,
  ];
  for (let i = 0; i < 60; i += 1) {
    lines.push(
      `@info(name='q${String(i)}') from S[${pick(forms)()}] select symbol, price, qty insert into O;`,
    );
  }
  return lines.join('\n');
}

function rows(seed: number): unknown[][] {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const number = (): number | null =>
    pick([null, Number.NaN, -0, 0.1, pick(POINTS), pick(POINTS) + 1e-9, r() * 20]);
  const out: unknown[][] = [];
  for (let i = 0; i < 400; i += 1) {
    out.push([
      pick(['A', 'B', 'C', null]),
      number(),
      pick([null, 0, 1, 3, 7, 16777217, 150]),
      pick([null, 0, 1, 2, 3, 7, 10]),
      number(),
      pick([true, false, null]),
    ]);
  }
  out.push(['A', 'oops', 1, 1, 1, true]);
  return out;
}

function run(app: string, input: readonly unknown[][], predicateIndex: boolean): string[] {
  const log: string[] = [];
  const engine = createEngine({
    timeService: new VirtualClock(0),
    predicateIndex,
    logger: { log: (level, message) => log.push(`${level}: ${message}`) },
  });
  const created = engine.createApp(app);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
  const runtime = created.app;
  for (const name of runtime.queryNames) {
    runtime.on(name, (events) => {
      log.push(`${name} ${JSON.stringify(events.map((e) => e.data))}`);
    });
  }
  runtime.onStream('O', (events) => log.push(`O ${String(events.length)}`));
  runtime.start();
  const s = runtime.input('S');
  for (let i = 0; i < input.length;) {
    const size = [1, 1, 3, 1, 17][i % 5] ?? 1;
    const part = input.slice(i, i + size);
    if (part.length === 1) s.send(part[0] ?? [], i);
    else s.sendBatch(part, i);
    i += size;
  }
  void runtime.shutdown();
  return log;
}

describe('shared filter evaluation', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`gives the same outputs in the same order with and without the index (seed ${String(seed)})`, () => {
      const app = fanoutApp(seed);
      const input = rows(seed * 31);
      const withIndex = run(app, input, true);
      const without = run(app, input, false);
      expect(withIndex.filter((l) => !l.startsWith('error')).length).toBeGreaterThan(100);
      expect(withIndex.some((l) => l.startsWith('error'))).toBe(true);
      expect(withIndex).toEqual(without);
    });
  }
});

describe('sharedFilterOf', () => {
  const attributes = [
    { name: 'symbol', type: 'string' as const },
    { name: 'price', type: 'float' as const },
    { name: 'qty', type: 'int' as const },
  ];
  const scope = rowScope(attributes, ['S']);
  const compile = (e: Expression) =>
    compileExpression(e, scope, { clock: { now: () => 0 }, functions: builtinRegistry.functions });
  const subscription = (condition: string) => {
    const parsed = parseExpression(condition).expression;
    if (parsed === undefined) throw new Error(condition);
    const input: SingleInputStream = {
      kind: 'single',
      span: NO_SPAN,
      streamId: 'S',
      handlers: [{ kind: 'filter', span: NO_SPAN, condition: parsed }],
    };
    const head = new FilterProcessor(compile(parsed).evaluate);
    const s = sharedFilterOf(input, attributes, head, compile);
    return s === undefined ? undefined : { ...s, matched: undefined };
  };

  it('takes the leading comparisons of one attribute with constants, mirrored and rounded', () => {
    expect(subscription('700 > price and S.price >= 10')).toEqual({
      attribute: 1,
      kind: 'float',
      constraints: [
        { op: '<', value: 700 },
        { op: '>=', value: 10 },
      ],
      matched: undefined,
    });
    // float against double compares unrounded: another kind, so it stays in the residual filter
    expect(subscription('700 > price and price >= 10.1')?.constraints).toHaveLength(1);
    expect(subscription('price > 1.1f')?.constraints).toEqual([
      { op: '>', value: Math.fround(1.1) },
    ]);
    expect(subscription('qty == 2.5f')).toMatchObject({ kind: 'float', attribute: 2 });
    expect(subscription("symbol == 'IBM' and qty > 1")).toMatchObject({
      kind: 'value',
      constraints: [{ op: '==', value: 'IBM' }],
    });
  });

  it('leaves filters that do not start with an indexable comparison alone', () => {
    expect(subscription('qty + 1 > 2 and price > 1')).toBeUndefined();
    expect(subscription('price != 1')).toBeUndefined();
    expect(subscription("symbol < 'M'")).toBeUndefined();
    expect(subscription('price > 1 or qty > 1')).toBeUndefined();
  });
});
