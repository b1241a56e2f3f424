// math:percentile states and the math package end to end: every example compiles and an app
// with functions and the aggregator runs on the engine.

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  silentLogger,
  VirtualClock,
  type Engine,
} from '@tributary/engine';
import type { AggregatorState } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { extensions } from './index.js';
import { percentile, percentileOf } from './percentile.js';

function state(type: 'int' | 'double', p: number): AggregatorState {
  if (percentile.kind !== 'aggregator') throw new Error('kind');
  return percentile.spec
    .create([type, 'double'], {
      arguments: [
        { type, constant: false },
        { type: 'double', constant: true, value: p },
      ],
    })
    .newState();
}

describe('math:percentile', () => {
  it("follows Siddhi's index rule", () => {
    expect(percentileOf([1, 2, 3, 4], 50)).toBe(2.5);
    expect(percentileOf([1, 2, 3, 4], 100)).toBe(4);
    expect(percentileOf([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentileOf([1, 2, 3, 4, 5], 97)).toBe(5);
    expect(percentileOf([10, 20, 30], 10)).toBe(10);
    expect(percentileOf([], 50)).toBeNull();
  });

  it('adds and removes values in order, resets to 0', () => {
    const s = state('double', 50);
    expect(s.add(5)).toBe(5);
    expect(s.add(1)).toBe(3);
    expect(s.add(3)).toBe(3);
    expect(s.remove(1)).toBe(4);
    expect(s.remove(42)).toBe(4);
    expect(s.reset()).toBe(0);
    expect(s.remove(5)).toBeNull();
  });

  it('holds int values as floats and snapshots its values', () => {
    const s = state('int', 100);
    expect(s.add(16777217)).toBe(16777216);
    const copy = state('int', 100);
    copy.restore(JSON.parse(JSON.stringify(s.snapshot())) as unknown);
    expect(copy.add(1)).toBe(16777216);
    expect(() => {
      copy.add(null);
    }).toThrow(/null/);
    expect(() => {
      copy.restore({ values: ['x'] });
    }).toThrow(/not a snapshot/);
  });

  it('rejects p outside (0, 100]', () => {
    if (percentile.kind !== 'aggregator') throw new Error('kind');
    const check = percentile.spec.check;
    const args = (p: number) =>
      [
        { type: 'double', constant: false, attribute: true },
        { type: 'double', constant: true, value: p, attribute: false },
      ] as const;
    expect(check?.(args(0))).toMatch(/0 < p <= 100/);
    expect(check?.(args(100.5))).toMatch(/0 < p <= 100/);
    expect(check?.(args(100))).toBeUndefined();
  });
});

describe('@tributary/execution-math on the engine', () => {
  const engine = (): Engine =>
    createEngine({
      extensions: createRegistry(builtinExtensions, {
        package: packageJson.name,
        version: '0.1.0',
        extensions,
      }),
      timeService: new VirtualClock(0),
      logger: silentLogger,
    });

  it('registers 41 functions and the percentile aggregator', () => {
    expect(extensions.filter((e) => e.kind === 'function')).toHaveLength(41);
    expect(extensions.filter((e) => e.kind === 'aggregator').map((e) => e.spec.name)).toEqual([
      'percentile',
    ]);
  });

  it('compiles every example', () => {
    const e = engine();
    for (const extension of extensions) {
      for (const example of extension.spec.examples) {
        expect(e.createApp(example.siddhi).diagnostics, example.siddhi).toEqual([]);
      }
    }
  });

  it('runs functions and the aggregator', () => {
    const created = engine().createApp(`
      define stream In (f float, d double, n int, s string);
      from In#window.length(3)
      select math:round(f) as rf, math:round(d) as rd, math:hex(n) as h,
             math:parseInt(s) as parsed, math:percentile(d, 50.0) as median
      insert into Out;`);
    if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
    const rows: unknown[][] = [];
    created.app.onStream('Out', (events) => {
      for (const e of events) rows.push([...e.data]);
    });
    created.app.start();
    const input = created.app.input('In');
    input.send([2.5, 10.5, 255, '12', 10]);
    input.send([-2.5, 1.5, -1, 'x', 1]);
    input.send([0.4, 3.5, 16, '-3', 3]);
    expect(rows).toEqual([
      [3, 11, 'ff', 12, 10.5],
      [0, 4, '10', -3, 3.5],
    ]);
    expect(rows.length).toBe(2);
  });

  it('reports a wrong type or a non-constant percentile', () => {
    const e = engine();
    const diagnostics = (text: string) => e.createApp(text).diagnostics.map((d) => d.message);
    expect(
      diagnostics('define stream In (n int); from In select math:round(n) as r insert into Out;'),
    ).not.toEqual([]);
    expect(
      diagnostics(
        'define stream In (d double, p double); from In select math:percentile(d, p) as r insert into Out;',
      ),
    ).not.toEqual([]);
    expect(
      diagnostics(
        'define stream In (d double); from In select math:percentile(d, 0.0) as r insert into Out;',
      ).join(),
    ).toMatch(/0 < p <= 100/);
  });
});
