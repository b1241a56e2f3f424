// End-to-end tests of partitions through `createEngine` on a virtual clock: per-key state,
// inner streams, broadcast streams, ranges, callbacks, window timers, purge and diagnostics.

import { describe, expect, it } from 'vitest';
import { sum } from '../builtins/aggregators/index.js';
import { builtinExtensions } from '../builtins/extensions.js';
import { createEngine } from '../engine.js';
import { defineAggregator, defineFunction } from '../extension-api/define.js';
import { createRegistry } from '../extension-api/registry.js';
import type { AppRuntime } from '../runtime/app/app-runtime.js';
import { InMemoryPersistenceStore } from '../runtime/state/index.js';
import { VirtualClock } from '../runtime/time/index.js';

function create(text: string): { app: AppRuntime; clock: VirtualClock } {
  const clock = new VirtualClock(1000);
  const result = createEngine({ timeService: clock, logger: { log: () => undefined } }).createApp(
    text,
  );
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  return { app: result.app, clock };
}

function collect(app: AppRuntime, stream: string): unknown[][] {
  const seen: unknown[][] = [];
  app.onStream(stream, (events) => seen.push(...events.map((e) => e.data)));
  return seen;
}

const S = 'define stream S (sym string, p int); ';

describe('value partitions', () => {
  it('keeps aggregates per key and keys by any expression', () => {
    const { app } = create(
      S +
        'partition with (p % 2 of S) begin ' +
        "@info(name='q') from S select sym, sum(p) as total insert into O; end;",
    );
    const out = collect(app, 'O');
    app.start();
    app.input('S').send(['IBM', 1]);
    app.input('S').send(['WSO2', 10]);
    app.input('S').send(['X', 3]);
    expect(out).toEqual([
      ['IBM', 1],
      ['WSO2', 10],
      ['X', 4],
    ]);
  });

  it('keeps inner streams local to each instance', () => {
    const { app } = create(
      S +
        'define stream T (sym string, p int); ' +
        'partition with (sym of S) begin from S select sym, p insert into #T; ' +
        'from #T select sym, sum(p) as total insert into O; ' +
        'from S select sym, p insert into T; end; ' +
        'from T select sym, p insert into G;',
    );
    const out = collect(app, 'O');
    const global = collect(app, 'G');
    app.start();
    app.input('S').send(['a', 1]);
    app.input('S').send(['b', 5]);
    app.input('S').send(['a', 2]);
    expect(out).toEqual([
      ['a', 1],
      ['b', 5],
      ['a', 3],
    ]);
    expect(global).toEqual([
      ['a', 1],
      ['b', 5],
      ['a', 2],
    ]);
  });

  it('matches patterns over inner streams within each instance only', () => {
    // `#T` is local to the key: an `a` event followed by a `b` event of another key is no match.
    const { app } = create(
      S +
        'partition with (sym of S) begin from S select sym, p insert into #T; ' +
        'from every e1=#T[p < 10] -> e2=#T[p > e1.p] select e1.sym, e1.p as p1, e2.p as p2 ' +
        'insert into O; end;',
    );
    const out = collect(app, 'O');
    app.start();
    app.input('S').send(['a', 1]);
    app.input('S').send(['b', 5]);
    app.input('S').send(['b', 2]);
    app.input('S').send(['a', 3]);
    expect(out).toEqual([['a', 1, 3]]);
  });

  it('delivers streams it does not partition to every existing instance', () => {
    const { app } = create(
      S +
        'define stream G (n int); partition with (sym of S) begin ' +
        'from S select sym, p insert into #Keys; ' +
        'from #Keys#window.length(1) join G#window.length(1) select sym, n insert into O; end;',
    );
    const out = collect(app, 'O');
    app.start();
    app.input('G').send([0]);
    app.input('S').send(['a', 1]);
    app.input('S').send(['b', 1]);
    app.input('G').send([7]);
    expect(out).toEqual([
      ['a', 7],
      ['b', 7],
    ]);
  });

  it('shares query callbacks between instances, also those registered later', () => {
    const { app } = create(
      S + "partition with (sym of S) begin @info(name='q') from S select sym insert into O; end;",
    );
    app.start();
    app.input('S').send(['a', 1]);
    const seen: unknown[] = [];
    app.on('q', (inEvents) => seen.push(...inEvents.map((e) => e.data[0])));
    app.input('S').send(['a', 2]);
    app.input('S').send(['b', 3]);
    expect(seen).toEqual(['a', 'b']);
  });
});

describe('range partitions', () => {
  it('sends each event to every range it matches, in definition order', () => {
    const { app } = create(
      S +
        "partition with (p >= 100 as 'large' or p < 100 as 'medium' or p < 50 as 'small' of S) " +
        'begin from S select sym, sum(p) as total insert into O; end;',
    );
    const out = collect(app, 'O');
    app.start();
    app.input('S').send(['x', 30]);
    app.input('S').send(['y', 200]);
    app.input('S').send(['z', 60]);
    expect(out).toEqual([
      ['x', 30],
      ['x', 30],
      ['y', 200],
      ['z', 90],
    ]);
  });
});

describe('timers and purging', () => {
  it('runs window timers per instance and cancels them on purge and shutdown', async () => {
    const { app, clock } = create(
      S +
        "@purge(enable='true', interval='1 sec', idle.period='2 sec') partition with (sym of S) " +
        'begin from S#window.time(500 millisecond) select sym, sum(p) as total ' +
        'insert all events into O; end;',
    );
    const out = collect(app, 'O');
    app.start();
    app.input('S').send(['a', 1]);
    app.input('S').send(['b', 2]);
    clock.advanceBy(600);
    expect(out).toEqual([
      ['a', 1],
      ['b', 2],
      ['a', null],
      ['b', null],
    ]);
    app.input('S').send(['a', 4]);
    const withInstances = app.pendingTimers;
    clock.advanceBy(3500);
    // Both keys purged: only the purge tick is pending.
    expect(app.pendingTimers).toBeLessThan(withInstances);
    out.length = 0;
    app.input('S').send(['a', 8]);
    expect(out).toEqual([['a', 8]]);
    await app.shutdown();
    expect(app.pendingTimers).toBe(0);
  });
});

describe('snapshots', () => {
  it('persists and restores the instances of every key with their state', async () => {
    const clock = new VirtualClock(1000);
    const result = createEngine({
      timeService: clock,
      logger: { log: () => undefined },
      persistence: { store: new InMemoryPersistenceStore() },
    }).createApp(
      S + 'partition with (sym of S) begin from S select sym, sum(p) as total insert into O; end;',
    );
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
    const app = result.app;
    const out = collect(app, 'O');
    app.start();
    app.input('S').send(['a', 1]);
    app.input('S').send(['b', 10]);
    await app.persist();
    app.input('S').send(['a', 100]);
    app.input('S').send(['c', 5]);
    await app.restoreLastRevision();
    out.length = 0;
    app.input('S').send(['a', 2]);
    app.input('S').send(['b', 20]);
    app.input('S').send(['c', 7]);
    expect(out).toEqual([
      ['a', 3],
      ['b', 30],
      ['c', 7],
    ]);
  });
});

/**
 * An engine whose extensions count how often they are compiled: `test:total(int)` (sum) and
 * `test:same(int)` (the value itself).
 */
function countingEngine(persistence = false): {
  create: (text: string) => { app: AppRuntime; clock: VirtualClock };
  compiled: { aggregators: number; functions: number };
} {
  const compiled = { aggregators: 0, functions: 0 };
  const extensions = createRegistry(builtinExtensions, {
    package: 'partition-tests',
    version: '0.0.0',
    extensions: [
      defineAggregator({
        namespace: 'test',
        name: 'total',
        status: 'experimental',
        summary: 'sum(), counting how often it is compiled.',
        parameters: [{ name: 'arg', types: ['int'], description: 'summed' }],
        returnType: 'long',
        examples: [
          {
            description: 'x',
            siddhi: 'define stream S (p int); from S select test:total(p) as t insert into O;',
          },
        ],
        create: (types, options) => {
          compiled.aggregators += 1;
          return sum.create(types, options);
        },
      }),
      defineFunction({
        namespace: 'test',
        name: 'same',
        status: 'experimental',
        summary: 'Its argument, counting how often it is compiled.',
        parameters: [{ name: 'arg', types: ['int'], description: 'returned' }],
        returnType: 'int',
        examples: [
          {
            description: 'x',
            siddhi: 'define stream S (p int); from S select test:same(p) as t insert into O;',
          },
        ],
        create: () => {
          compiled.functions += 1;
          return { type: 'int', call: (args) => args[0] };
        },
      }),
    ],
  });
  const create = (text: string): { app: AppRuntime; clock: VirtualClock } => {
    const clock = new VirtualClock(1000);
    const result = createEngine({
      timeService: clock,
      logger: { log: () => undefined },
      extensions,
      ...(persistence ? { persistence: { store: new InMemoryPersistenceStore() } } : {}),
    }).createApp(text);
    if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
    return { app: result.app, clock };
  };
  return { create, compiled };
}

function sendAll(app: AppRuntime, stream: string, rows: readonly (readonly unknown[])[]): void {
  for (const row of rows) app.input(stream).send([...row]);
}

describe('per-key instances', () => {
  it('compile a single-input query once and give every key its own state', () => {
    const { create: createCounting, compiled } = countingEngine();
    const { app } = createCounting(
      S +
        'partition with (sym of S) begin ' +
        'from S#window.length(2) select sym, test:total(p) as total insert into O; end;',
    );
    const out = collect(app, 'O');
    app.start();
    sendAll(app, 'S', [
      ['a', 1],
      ['b', 10],
      ['a', 2],
      ['c', 5],
      ['a', 4],
      ['b', 20],
    ]);
    expect(out).toEqual([
      ['a', 1],
      ['b', 10],
      ['a', 3],
      ['c', 5],
      ['a', 6], // the length(2) window of key a dropped 1
      ['b', 30],
    ]);
    expect(compiled.aggregators).toBe(1);
  });

  it('compile a join once and give every key its own windows', () => {
    const { create: createCounting, compiled } = countingEngine();
    const { app } = createCounting(
      S +
        'define stream T (sym string, p int); partition with (sym of S, sym of T) begin ' +
        'from S#window.length(5) join T#window.length(5) on S.p < test:same(T.p) ' +
        'select S.sym as sym, S.p as sp, T.p as tp, test:total(T.p) as total insert into O; end;',
    );
    const out = collect(app, 'O');
    app.start();
    app.input('S').send(['a', 1]);
    app.input('S').send(['b', 2]);
    app.input('T').send(['a', 5]); // b's S window is not a's: only a matches
    app.input('T').send(['b', 6]);
    app.input('S').send(['a', 3]);
    expect(out).toEqual([
      ['a', 1, 5, 5],
      ['b', 2, 6, 6],
      ['a', 3, 5, 10],
    ]);
    expect(compiled).toEqual({ aggregators: 1, functions: 1 });
  });

  it('compile a pattern once and give every key its own partial matches and within', () => {
    const { create: createCounting, compiled } = countingEngine();
    const { app, clock } = createCounting(
      S +
        'partition with (sym of S) begin ' +
        'from every e1=S[test:same(p) > 0] -> e2=S[p > e1.p] within 1 sec ' +
        'select e1.sym as sym, e1.p as p1, e2.p as p2, test:total(e2.p) as total ' +
        'insert into O; end;',
    );
    const out = collect(app, 'O');
    app.start();
    sendAll(app, 'S', [
      ['a', 1],
      ['b', 5],
      ['a', 2], // completes a's 1 only
      ['b', 3],
      ['b', 6], // completes b's 5, then b's 3
    ]);
    clock.advanceBy(2000);
    app.input('S').send(['a', 9]); // a's pending 2 is older than within
    expect(out).toEqual([
      ['a', 1, 2, 2],
      ['b', 5, 6, 6],
      ['b', 3, 6, 12],
    ]);
    expect(compiled).toEqual({ aggregators: 1, functions: 1 });
  });

  it('snapshot and restore the partial matches of every key', async () => {
    const { create: createCounting } = countingEngine(true);
    const { app } = createCounting(
      S +
        'partition with (sym of S) begin ' +
        'from every e1=S -> e2=S[p > e1.p] select e1.sym as sym, e1.p as p1, e2.p as p2 ' +
        'insert into O; end;',
    );
    const out = collect(app, 'O');
    app.start();
    app.input('S').send(['a', 1]);
    app.input('S').send(['b', 5]);
    await app.persist();
    app.input('S').send(['a', 2]);
    app.input('S').send(['c', 1]);
    await app.restoreLastRevision();
    out.length = 0;
    app.input('S').send(['a', 7]);
    app.input('S').send(['b', 6]);
    app.input('S').send(['c', 9]); // c came after the snapshot: it has no partial match
    expect(out).toEqual([
      ['a', 1, 7],
      ['b', 5, 6],
    ]);
  });

  it('read named windows through the instances: none before a key, none after its purge', () => {
    const { app, clock } = create(
      'define stream S (sym string, p int); define stream G (n int); ' +
        'define window W (n int) length(5); from G insert into W; ' +
        "@purge(enable='true', interval='1 sec', idle.period='2 sec') " +
        'partition with (sym of S) begin ' +
        'from W left outer join S#window.length(1) on W.n == S.p ' +
        'select W.n as n, S.sym as sym insert into O; end;',
    );
    const out = collect(app, 'O');
    app.start();
    app.input('G').send([7]); // no key yet: no instance reads W
    app.input('S').send(['a', 7]);
    app.input('G').send([8]);
    clock.advanceBy(3500);
    app.input('G').send([9]); // key a was purged
    expect(out).toEqual([
      [7, 'a'],
      [8, null],
    ]);
  });

  it('read their own aggregates in having when keys interleave', () => {
    const { app } = create(
      S +
        'partition with (sym of S) begin ' +
        'from S select sym, sum(p) as total having total > 5 and count() < 3 insert into O; end;',
    );
    const out = collect(app, 'O');
    app.start();
    for (const [sym, p] of [
      ['a', 4],
      ['b', 6],
      ['a', 2],
      ['b', 1],
      ['a', 1],
    ] as const) {
      app.input('S').send([sym, p]);
    }
    expect(out).toEqual([
      ['b', 6],
      ['a', 6],
      ['b', 7],
    ]);
  });
});

describe('diagnostics', () => {
  it('reports problems of partition queries when the app is created', () => {
    const result = createEngine({ logger: { log: () => undefined } }).createApp(
      S +
        'partition with (sym of S) begin from S#window.noSuchWindow(2) select sym insert into O; end;',
    );
    expect(result.ok).toBe(false);
  });
});
