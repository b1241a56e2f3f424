// End-to-end tests of the reorder package: every documented example compiles against a
// registry holding the package, and apps reorder events, with the timeout on a virtual clock.

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
  package: '@tributary/execution-reorder',
  version: '0.1.0',
  extensions,
});

interface Run {
  readonly runtime: AppRuntime;
  readonly clock: VirtualClock;
  readonly out: unknown[][];
}

function start(app: string): Run {
  const clock = new VirtualClock(0);
  const result = createEngine({
    extensions: registry,
    timeService: clock,
    logger: silentLogger,
  }).createApp(app);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  const run: Run = { runtime: result.app, clock, out: [] };
  result.app.onStream('OutputStream', (events) => {
    for (const e of events) run.out.push(e.data);
  });
  result.app.start();
  return run;
}

describe('reorder package', () => {
  it('registers kslack and akslack', () => {
    expect(extensions.map((e) => `${e.kind} ${e.spec.namespace ?? ''}:${e.spec.name}`)).toEqual([
      'streamProcessor reorder:akslack',
      'streamProcessor reorder:kslack',
    ]);
  });

  it.each(extensions.flatMap((e) => e.spec.examples.map((x) => [e.spec.name, x.siddhi])))(
    'example of %s compiles',
    (_name, siddhi) => {
      const result = createEngine({ extensions: registry, logger: silentLogger }).createApp(siddhi);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.ok).toBe(true);
    },
  );

  it('rejects a timestamp that is not a long', () => {
    const result = createEngine({ extensions: registry, logger: silentLogger }).createApp(
      'define stream S (eventTime string);\n' +
        'from S#reorder:kslack(eventTime) select eventTime insert into OutputStream;',
    );
    expect(result.ok).toBe(false);
    expect(result.diagnostics.some((d) => d.severity === 'error')).toBe(true);
  });

  it('reorders out-of-order events and flushes them on timeout', async () => {
    const run = start(
      'define stream InputStream (eventTime long, symbol string);\n' +
        'from InputStream#reorder:kslack(eventTime, 1000) select eventTime, symbol insert into OutputStream;',
    );
    const input = run.runtime.input('InputStream');
    for (const [t, s] of [
      [1, 'a'],
      [4, 'd'],
      [3, 'c'],
      [2, 'b'],
      [5, 'e'],
    ] as const) {
      input.send([t, s]);
    }
    expect(run.out).toEqual([
      [1, 'a'],
      [4, 'd'],
      [2, 'b'],
    ]);
    run.clock.advanceBy(1000);
    expect(run.out.slice(3)).toEqual([
      [3, 'c'],
      [5, 'e'],
    ]);
    await run.runtime.shutdown();
  });

  it('feeds reordered events to a window (akslack)', async () => {
    const run = start(
      'define stream InputStream (eventTime long, volume long);\n' +
        'from InputStream#reorder:akslack(eventTime, volume)#window.length(2) ' +
        'select sum(volume) as total insert into OutputStream;',
    );
    const input = run.runtime.input('InputStream');
    input.send([1, 10]);
    input.send([3, 30]);
    input.send([2, 20]);
    input.send([5, 50]);
    // 2 is released at 5 (K = 3) and joins 3 in the window: 30 + 20
    expect(run.out).toEqual([[10], [40], [50]]);
    await run.runtime.shutdown();
  });
});
