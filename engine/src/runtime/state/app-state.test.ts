import { describe, expect, it } from 'vitest';
import { createEngine, type EngineOptions } from '../../engine.js';
import type { AppRuntime } from '../app/app-runtime.js';
import type { Logger } from '../app/logger.js';
import { VirtualClock } from '../time/index.js';
import type { AppSnapshot } from './app-snapshot.js';
import { InMemoryPersistenceStore } from './persistence-store.js';

const quiet: Logger = { log: () => undefined };

const TEXT = `@app:name('Sums')
define stream S (symbol string, volume int);
define table T (symbol string, volume int);
@info(name = 'q1') from S#window.length(2) select symbol, sum(volume) as total insert into Out;
@info(name = 'q2') from S select count() as n insert into Counts;
@info(name = 'q3') from S insert into T;`;

function newApp(text = TEXT, options: EngineOptions = {}): { app: AppRuntime; totals: unknown[] } {
  const created = createEngine({
    timeService: new VirtualClock(1000),
    logger: quiet,
    ...options,
  }).createApp(text);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
  const totals: unknown[] = [];
  if (created.app.queryNames.includes('q1')) {
    created.app.on('q1', (events) => {
      for (const e of events) totals.push(e.data[1]);
    });
  }
  created.app.start();
  return { app: created.app, totals };
}

describe('app snapshots', () => {
  it('restores windows, aggregators and tables into a new app of the same text', () => {
    const first = newApp();
    const input = first.app.input('S');
    input.send(['A', 10]);
    input.send(['B', 20]);
    const saved = JSON.parse(JSON.stringify(first.app.snapshot())) as AppSnapshot;
    expect(saved.kind).toBe('full');
    expect(Object.keys(saved.holders)).toEqual(
      expect.arrayContaining([
        'table:T',
        'query:q1/window',
        'query:q1/selector',
        'query:q2/selector',
      ]),
    );

    const second = newApp();
    second.app.restore(saved);
    second.app.input('S').send(['C', 5]);
    expect(second.totals).toEqual([25]); // 20 + 5: A left the length(2) window
    expect(second.app.query('from T select symbol')).toEqual([['A'], ['B'], ['C']]);
  });

  it('takes incremental snapshots of the holders that changed only', () => {
    const { app } = newApp(
      `define stream S (v int); define stream R (v int);
       @info(name = 'a') from S select sum(v) as s insert into O1;
       @info(name = 'b') from R select sum(v) as s insert into O2;`,
    );
    app.snapshot();
    app.input('S').send([1]);
    const increment = app.snapshot({ incremental: true });
    expect(increment.kind).toBe('incremental');
    expect(Object.keys(increment.holders)).toEqual(['query:a/selector']);
    expect(Object.keys(app.snapshot({ incremental: true }).holders)).toEqual([]);
  });

  it('restores a full snapshot followed by increments', () => {
    const first = newApp();
    const full = first.app.snapshot();
    first.app.input('S').send(['A', 1]);
    const inc1 = first.app.snapshot({ incremental: true });
    first.app.input('S').send(['B', 2]);
    const inc2 = first.app.snapshot({ incremental: true });

    const second = newApp();
    second.app.restore([full, inc1, inc2]);
    second.app.input('S').send(['C', 4]);
    expect(second.totals).toEqual([6]);
  });

  it('refuses a snapshot of a different app text, naming what changed', () => {
    const { app } = newApp();
    const saved = app.snapshot();
    const changed = newApp(TEXT.replace('length(2)', 'length(3)').replace("'q2'", "'q2b'"));
    expect(() => {
      changed.app.restore(saved);
    }).toThrow(/changed query:q1.*removed query:q2.*added query:q2b/);
    expect(() => {
      changed.app.restore({ format: 'x' } as unknown as AppSnapshot);
    }).toThrow(/snapshot is invalid/);
  });

  it('ignores layout and comments when comparing app texts', () => {
    const { app } = newApp();
    const saved = app.snapshot();
    const relaid = newApp(`-- a comment\n${TEXT.replaceAll(';', ' ;\n')}`);
    expect(() => {
      relaid.app.restore(saved);
    }).not.toThrow();
  });
});

describe('timers after a restore', () => {
  it('re-arms a pending timeBatch, which then flushes on its own', () => {
    const text = `define stream S (v int);
      @info(name = 'q') from S#window.timeBatch(1 sec) select sum(v) as s insert into O;`;
    const run = (clock: VirtualClock): { app: AppRuntime; sums: unknown[] } => {
      const created = createEngine({ timeService: clock, logger: quiet }).createApp(text);
      if (!created.ok) throw new Error('not created');
      const sums: unknown[] = [];
      created.app.on('q', (events) => {
        for (const e of events) sums.push(e.data[0]);
      });
      created.app.start();
      return { app: created.app, sums };
    };
    const clock = new VirtualClock(0);
    const first = run(clock);
    first.app.input('S').send([3]);
    first.app.input('S').send([4]);
    const saved = first.app.snapshot();
    void first.app.shutdown();
    const second = run(clock);
    second.app.restore(saved);
    expect(second.sums).toEqual([]);
    clock.advanceBy(1500);
    expect(second.sums).toEqual([7]);
    expect(first.sums).toEqual([]);
  });
});

describe('persistence', () => {
  it('persists revisions and restores the last one after a restart', async () => {
    const store = new InMemoryPersistenceStore();
    const first = newApp(TEXT, { persistence: { store } });
    first.app.input('S').send(['A', 10]);
    const revision = await first.app.persist();
    first.app.input('S').send(['B', 20]);
    await first.app.shutdown();
    expect(await store.list('Sums')).toEqual([revision]);

    const second = newApp(TEXT, { persistence: { store } });
    expect(await second.app.restoreLastRevision()).toBe(revision);
    second.app.input('S').send(['C', 5]);
    expect(second.totals).toEqual([15]);
  });

  it('writes increments between full revisions and restores the chain', async () => {
    const store = new InMemoryPersistenceStore({ keep: 10 });
    const options = { persistence: { store, incremental: true, fullEvery: 3 } };
    const first = newApp(TEXT, options);
    for (const v of [1, 2, 3, 4]) {
      first.app.input('S').send(['X', v]);
      await first.app.persist();
    }
    const kinds = (await store.list('Sums')).map((r) => r.slice(-1));
    expect(kinds).toEqual(['F', 'I', 'I', 'F']);
    first.app.input('S').send(['X', 100]);
    const second = newApp(TEXT, options);
    await second.app.restoreLastRevision();
    second.app.input('S').send(['X', 5]);
    expect(second.totals).toEqual([9]);
  });

  it('persists periodically on the app clock', async () => {
    const clock = new VirtualClock(0);
    const store = new InMemoryPersistenceStore({ keep: 10 });
    const created = createEngine({
      timeService: clock,
      logger: quiet,
      persistence: { store, interval: 1000 },
    }).createApp(TEXT);
    if (!created.ok) throw new Error('not created');
    created.app.start();
    clock.advanceBy(3500);
    await created.app.shutdown();
    expect(await store.list('Sums')).toHaveLength(3);
  });

  it('fails to persist without a store and restores nothing when nothing was saved', async () => {
    const { app } = newApp();
    await expect(app.persist()).rejects.toThrow(/no persistence store/);
    const withStore = newApp(TEXT, { persistence: { store: new InMemoryPersistenceStore() } });
    expect(await withStore.app.restoreLastRevision()).toBeUndefined();
  });
});
