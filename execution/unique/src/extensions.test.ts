// End-to-end tests of the unique package: every documented example compiles against a registry
// holding the package, and apps run its windows and deduplicate on a virtual clock.

import {
  builtinExtensions,
  createEngine,
  silentLogger,
  VirtualClock,
  type AppRuntime,
} from '@tributary/engine';
import { createRegistry } from '@tributary/engine/extension-api';
import { describe, expect, it } from 'vitest';
import { extensions } from './index.js';

const registry = createRegistry(builtinExtensions, {
  package: '@tributary/execution-unique',
  version: '0.1.0',
  extensions,
});

interface Run {
  readonly runtime: AppRuntime;
  readonly clock: VirtualClock;
  readonly in: unknown[][];
  readonly removed: unknown[][];
}

function start(app: string, query = 'q'): Run {
  const clock = new VirtualClock(0);
  const result = createEngine({
    extensions: registry,
    timeService: clock,
    logger: silentLogger,
  }).createApp(app);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  const run: Run = { runtime: result.app, clock, in: [], removed: [] };
  result.app.on(query, (inEvents, removeEvents) => {
    for (const e of inEvents) run.in.push(e.data);
    for (const e of removeEvents) run.removed.push(e.data);
  });
  result.app.start();
  return run;
}

describe('unique package', () => {
  it('registers ten windows and deduplicate under the unique namespace', () => {
    expect(extensions.map((e) => e.kind).filter((k) => k === 'window')).toHaveLength(10);
    for (const e of extensions) expect(e.spec.namespace).toBe('unique');
  });

  it.each(extensions.flatMap((e) => e.spec.examples.map((x) => [e.spec.name, x.siddhi])))(
    'example of %s compiles',
    (_name, siddhi) => {
      const result = createEngine({ extensions: registry, logger: silentLogger }).createApp(siddhi);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.ok).toBe(true);
    },
  );

  it('rejects a window length that is not constant', () => {
    const result = createEngine({ extensions: registry, logger: silentLogger }).createApp(
      'define stream S (symbol string, n int);\n' +
        'from S#window.unique:length(symbol, n) select symbol insert into Out;',
    );
    expect(result.ok).toBe(false);
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('runs unique:length with expired events of replaced keys', async () => {
    const run = start(
      'define stream S (symbol string, price double);\n' +
        "@info(name='q') from S#window.unique:length(symbol, 2) " +
        'select symbol, price insert all events into Out;',
    );
    const input = run.runtime.input('S');
    input.send(['IBM', 10.0]);
    input.send(['WSO2', 20.0]);
    input.send(['IBM', 30.0]);
    input.send(['ORCL', 40.0]);
    expect(run.in).toEqual([
      ['IBM', 10],
      ['WSO2', 20],
      ['IBM', 30],
      ['ORCL', 40],
    ]);
    expect(run.removed).toEqual([
      ['IBM', 10],
      ['WSO2', 20],
    ]);
    await run.runtime.shutdown();
  });

  it('runs unique:timeBatch on the virtual clock', async () => {
    const run = start(
      'define stream S (symbol string, price double);\n' +
        "@info(name='q') from S#window.unique:timeBatch(symbol, 1 sec) " +
        'select symbol, price insert into Out;',
    );
    const input = run.runtime.input('S');
    input.send(['IBM', 10.0]);
    input.send(['IBM', 11.0]);
    input.send(['WSO2', 20.0]);
    expect(run.in).toEqual([]);
    run.clock.advanceBy(1000);
    expect(run.in).toEqual([
      ['IBM', 11],
      ['WSO2', 20],
    ]);
    await run.runtime.shutdown();
  });

  it('drops duplicates with deduplicate', async () => {
    const run = start(
      'define stream S (sensorId string, temperature double);\n' +
        "@info(name='q') from S#unique:deduplicate(sensorId, 30 sec) select * insert into Out;",
    );
    const input = run.runtime.input('S');
    input.send(['s1', 20.0]);
    input.send(['s1', 21.0]);
    run.clock.advanceBy(31_000);
    input.send(['s1', 22.0]);
    expect(run.in).toEqual([
      ['s1', 20],
      ['s1', 22],
    ]);
    await run.runtime.shutdown();
  });

  it('snapshots and restores a unique window through the app', async () => {
    const app =
      'define stream S (symbol string, price double);\n' +
      "@info(name='q') from S#window.unique:ever(symbol) " +
      'select symbol, price insert all events into Out;';
    const first = start(app);
    first.runtime.input('S').send(['IBM', 10.0]);
    const snapshot = first.runtime.snapshot();
    await first.runtime.shutdown();
    const second = start(app);
    second.runtime.restore(snapshot);
    second.runtime.input('S').send(['IBM', 11.0]);
    expect(second.removed).toEqual([['IBM', 10]]);
    expect(second.in).toEqual([['IBM', 11]]);
    await second.runtime.shutdown();
  });
});
