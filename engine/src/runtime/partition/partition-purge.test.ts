// @purge leaves nothing behind: after the idle keys of a partition are purged, the partition
// holds no key, the scheduler holds no timer of theirs, and the events their state held (rows,
// which the engine keeps by reference) can be garbage collected and the heap they took is
// given back — for every kind of per-key
// state (windows with timers, rate limiters, inner streams, patterns with `within`, joins).

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine.js';
import type { AppRuntime } from '../app/app-runtime.js';
import { VirtualClock } from '../time/index.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const KEYS = 2000;
const QUERIES: Readonly<Record<string, string>> = {
  'time window': 'from S#window.time(5 sec) select key, sum(v) as s insert into O;',
  'length window': 'from S#window.length(2) select key, sum(v) as s insert into O;',
  'rate-limited group by':
    'from S select key, count() as c group by key output last every 1 sec insert into O;',
  'inner stream':
    'from S select key, v insert into #I; from #I#window.time(5 sec) select key, max(v) as m insert into O;',
  'pattern within':
    'from every e1=S -> e2=S[v > e1.v] within 10 sec select e1.key, e2.v insert into O;',
  join: 'from S#window.length(2) as a join S#window.time(5 sec) as b on a.v < b.v select a.key, b.v as bv insert into O;',
};

function start(query: string, clock: VirtualClock): AppRuntime {
  const text =
    'define stream S (key string, v long); ' +
    "@purge(enable='true', interval='1 sec', idle.period='2 sec') " +
    `partition with (key of S) begin ${query} end;`;
  const result = createEngine({ timeService: clock }).createApp(text);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  result.app.start();
  return result.app;
}

/** The keys the partition holds, read from a snapshot of the app. */
function partitionKeys(app: AppRuntime): number {
  const holder = Object.entries(app.snapshot().holders).find(([id]) => id.startsWith('partition:'));
  const keys = (holder?.[1] as { keys?: unknown } | undefined)?.keys;
  if (!Array.isArray(keys)) throw new Error('no partition in the snapshot');
  return keys.length;
}

/** Counts the rows sent so far that have been garbage collected. */
class Collected {
  readonly #registry = new FinalizationRegistry<number>(() => {
    this.count += 1;
  });
  sent = 0;
  count = 0;

  track(row: object): void {
    this.#registry.register(row, this.sent);
    this.sent += 1;
  }
}

/** Sends two events for each of `KEYS` new keys (`prefix`0…), tracking their rows. */
function sendKeys(app: AppRuntime, prefix: string, collected: Collected): void {
  const input = app.input('S');
  for (let i = 0; i < KEYS; i += 1) {
    for (const row of [
      [`${prefix}${String(i)}`, i],
      [`${prefix}${String(i)}`, i + 1],
    ]) {
      collected.track(row);
      input.send(row);
    }
  }
}

const nextTask = (): Promise<void> =>
  new Promise((resolve) => {
    setImmediate(resolve);
  });

/** The heap in use after full gcs in later macrotasks (finalizers then run in between). */
async function heapUsed(): Promise<number> {
  for (let i = 0; i < 2; i += 1) {
    await nextTask();
    gc();
  }
  await nextTask();
  return process.memoryUsage().heapUsed;
}

/**
 * Collects until every tracked row is gone, a few rounds at most: a gc that finishes a marking
 * cycle already under way keeps what that cycle saw alive (floating garbage) until the next.
 */
async function collectRows(collected: Collected): Promise<void> {
  for (let round = 0; round < 5 && collected.count < collected.sent; round += 1) {
    await heapUsed();
  }
}

/** Sends `KEYS` new keys and lets the clock go past their purge (and the 5 s windows). */
function keysThenPurge(app: AppRuntime, clock: VirtualClock, prefix: string, c: Collected): void {
  sendKeys(app, prefix, c);
  clock.advanceBy(3500); // two purge ticks: the second one is past the idle period
}

describe('@purge', () => {
  for (const [label, query] of Object.entries(QUERIES)) {
    it(`frees every purged key's instance: ${label}`, async () => {
      const clock = new VirtualClock(0);
      const app = start(query, clock);
      app.onStream('O', () => undefined);
      const timersWithoutKeys = clock.pending();
      // a first round compiles and warms up what every key runs, so the heap compares alike
      const warm = new Collected();
      keysThenPurge(app, clock, 'w', warm);
      clock.advanceBy(2000);

      const collected = new Collected();
      const before = await heapUsed();
      sendKeys(app, 'k', collected);
      expect(partitionKeys(app)).toBe(KEYS);
      const withKeys = await heapUsed();
      clock.advanceBy(3500);
      expect(partitionKeys(app)).toBe(0);
      expect(clock.pending()).toBe(timersWithoutKeys);
      // Cancelled timers stay in the scheduler's queue (holding their task) until their time
      // or its next compaction: past the 5 s windows nothing is left of them.
      clock.advanceBy(2000);
      await collectRows(collected);
      expect(collected.count).toBe(2 * KEYS);
      const after = await heapUsed();
      // what the keys took is given back (derived copies of events too), up to gc noise
      expect(after - before).toBeLessThan((withKeys - before) / 10);

      // A purged key comes back as a new instance with fresh state.
      app.input('S').send(['k0', 7]);
      expect(partitionKeys(app)).toBe(1);
      await app.shutdown();
    });
  }

  it('keeps keys seen within the idle period and their state', async () => {
    const clock = new VirtualClock(0);
    const app = start(QUERIES['length window'] ?? '', clock);
    const sums: unknown[] = [];
    app.onStream('O', (events) => {
      for (const e of events) sums.push(e.data[1]);
    });
    const input = app.input('S');
    input.send(['idle', 1]);
    input.send(['busy', 1]);
    for (let t = 500; t <= 3500; t += 500) {
      clock.advanceTo(t);
      input.send(['busy', 1]);
    }
    expect(partitionKeys(app)).toBe(1);
    // the busy key's window still holds its last two events
    expect(sums.at(-1)).toBe(2);
    await app.shutdown();
  });
});
