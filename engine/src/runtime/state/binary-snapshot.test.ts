// Binary snapshots through persistence: the file store writes them by default (streamed), apps
// restore from them, JSON revisions stay readable (also in one chain with binary ones),
// incremental ones leave unchanged holders out, and a failed snapshot leaves no file behind.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type EngineOptions } from '../../engine.js';
import type { AppRuntime } from '../app/app-runtime.js';
import { silentLogger } from '../app/logger.js';
import { VirtualClock } from '../time/index.js';
import { AppPersistence, snapshotFromBytes } from './app-persistence.js';
import { AppSnapshots, DecodedSnapshot } from './app-snapshot.js';
import { BINARY_SNAPSHOT_MAGIC, isBinarySnapshot, readSnapshotBytes } from './binary-snapshot.js';
import { FilePersistenceStore } from './file-persistence-store.js';
import { InMemoryPersistenceStore } from './persistence-store.js';
import { StateRegistry } from './state-registry.js';

const TEXT = `@app:name('Win') @app:playback
define stream S (symbol string, price double, ts long);
define table T (symbol string, n long);
@info(name = 'q') from S#window.time(1 min) select symbol, sum(price) as total, count() as n
insert all events into O;
@info(name = 'c') from S select symbol, count() as n group by symbol insert into T;`;

function start(options: EngineOptions): { app: AppRuntime; totals: unknown[] } {
  const created = createEngine({
    timeService: new VirtualClock(0),
    logger: silentLogger,
    ...options,
  }).createApp(TEXT);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
  const totals: unknown[] = [];
  created.app.on('q', (events, expired) => {
    for (const e of [...events, ...expired]) totals.push(e.data[1]);
  });
  created.app.start();
  return { app: created.app, totals };
}

function feed(app: AppRuntime, from: number, count: number): void {
  const input = app.input('S');
  for (let i = from; i < from + count; i++)
    input.send([`S${String(i % 5)}`, i / 2, i * 30], i * 30);
}

describe('binary snapshots', () => {
  let directory = '';
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'tributary-binary-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('are what the file store writes by default, and restore a window after a restart', async () => {
    const store = new FilePersistenceStore(directory);
    const first = start({ persistence: { store } });
    feed(first.app, 0, 3000);
    const revision = await first.app.persist();
    const bytes = new Uint8Array(await readFile(join(directory, 'Win', `${revision}.snapshot`)));
    expect(isBinarySnapshot(bytes)).toBe(true);
    expect([...bytes.subarray(0, 5)]).toEqual(BINARY_SNAPSHOT_MAGIC);
    feed(first.app, 3000, 10);
    const rows = first.app.query('from T select symbol, n order by symbol');
    await first.app.shutdown();

    const second = start({ persistence: { store } });
    expect(await second.app.restoreLastRevision()).toBe(revision);
    feed(second.app, 3000, 10);
    // same window content, same aggregates: the same outputs after the restore point
    expect(second.totals).toEqual(first.totals.slice(-second.totals.length));
    expect(second.app.query('from T select symbol, n order by symbol')).toEqual(rows);
    expect(second.totals.length).toBeGreaterThan(10); // expired events too: 90 s were sent
  });

  it('read JSON revisions too, in one chain with binary increments', async () => {
    const store = new FilePersistenceStore(directory, { keep: 10 });
    const json = start({ persistence: { store, codec: 'json' } });
    feed(json.app, 0, 100);
    await json.app.persist();
    await json.app.shutdown();
    const files = await readdir(join(directory, 'Win'));
    const first = await readFile(join(directory, 'Win', files[0] ?? ''));
    expect(String.fromCharCode(first[0] ?? 0)).toBe('{');

    const binary = start({ persistence: { store, incremental: true } });
    expect(await binary.app.restoreLastRevision()).toBeDefined();
    feed(binary.app, 100, 5);
    await binary.app.persist(); // full: the first of this persistence
    feed(binary.app, 105, 5);
    const increment = await binary.app.persist();
    expect(increment.endsWith('_I')).toBe(true);
    feed(binary.app, 110, 5);

    const third = start({ persistence: { store } });
    expect(await third.app.restoreLastRevision()).toBe(increment);
    feed(third.app, 110, 5);
    expect(third.totals).toEqual(binary.totals.slice(-third.totals.length));
  });

  it('leave unchanged holders out of increments', async () => {
    const store = new InMemoryPersistenceStore({ keep: 10 });
    const { app } = start({ persistence: { store, incremental: true, codec: 'binary' } });
    feed(app, 0, 10);
    await app.persist();
    app.input('S').send(['S1', 1, 200], 200);
    const revision = await app.persist();
    const bytes = await store.load('Win', revision);
    const snapshot = readSnapshotBytes(bytes ?? new Uint8Array());
    expect(snapshot).toBeInstanceOf(DecodedSnapshot);
    expect(Object.keys((snapshot as DecodedSnapshot).holders).sort()).toEqual([
      'query:c/selector',
      'query:q/selector',
      'query:q/window',
      'table:T',
    ]);
    await app.persist();
    const last = await store.load('Win');
    expect(
      Object.keys((snapshotFromBytes(last ?? new Uint8Array()) as DecodedSnapshot).holders),
    ).toEqual([]);
  });

  it('leave no file behind when a state cannot be written', async () => {
    const store = new FilePersistenceStore(directory);
    const registry = new StateRegistry();
    registry.register('ok', { snapshot: () => [1, 2], restore: () => undefined });
    registry.register('bad', { snapshot: () => ({ f: () => 1 }), restore: () => undefined });
    const snapshots = new AppSnapshots('A', registry, { app: 'x', elements: {} }, () => 0);
    const persistence = new AppPersistence(
      'A',
      snapshots,
      { store },
      new VirtualClock(0),
      silentLogger,
    );
    expect(() => persistence.persist()).toThrow(/function/);
    expect(await readdir(join(directory, 'A'))).toEqual([]);
    expect(await store.list('A')).toEqual([]);
  });
});
