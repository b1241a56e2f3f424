// `@store` on aggregations through the engine: one table per duration (`A_SECONDS`, …) written
// through the record-table SPI (the test store) or the registry's `inMemory` store, reads that
// combine stored and running buckets, out-of-order events into stored buckets, snapshots, purging
// and stores that outlive the app.

import { describe, expect, it } from 'vitest';
import { createEngine, type EngineOptions } from '../engine.js';
import type { AppRuntime } from '../runtime/app/app-runtime.js';
import type { AppSnapshot } from '../runtime/state/app-snapshot.js';
import { recordTableFactory } from '../runtime/table/record-table.js';
import type { TableFactory } from '../runtime/table/table.js';
import { VirtualClock } from '../runtime/time/index.js';
import { testStore, TestStoreTable } from '../testing/test-store.js';

const T0 = Date.UTC(2017, 5, 1, 4, 5, 50);

const aggregation = (store: string): string => `
define stream S (symbol string, price float, quantity int, ts long);
${store} define aggregation A from S
select symbol, avg(price) as avgPrice, sum(price) as total, count() as n, (price * quantity) as last
group by symbol aggregate by ts every sec ... min;
`;

const TEST_STORE = "@store(type='testStoreContainingInMemoryTable')";

function start(text: string, options: EngineOptions = {}): AppRuntime {
  const created = createEngine({
    timeService: new VirtualClock(T0),
    logger: { log: () => undefined },
    stores: [testStore],
    ...options,
  }).createApp(text);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
  created.app.start();
  return created.app;
}

function feed(app: AppRuntime): void {
  const s = app.input('S');
  s.send(['WSO2', 50, 6, T0]);
  s.send(['WSO2', 70, 10, T0 + 1000]);
  s.send(['WSO2', 60, 56, T0 - 2000]); // out of order: a finished second, the running minute
  s.send(['IBM', 100, 26, T0 + 60_000]);
  s.send(['IBM', 10, 1, T0 + 500]); // out of order into a finished, stored second and minute
}

const SECONDS = "from A within 0L, 9999999999999L per 'seconds' select *";
const MINUTES = "from A within 0L, 9999999999999L per 'min' select *";

describe('aggregations with @store', () => {
  it('reads the same rows as an in-memory aggregation', () => {
    const stored = start(aggregation(TEST_STORE));
    const plain = start(aggregation(''));
    feed(stored);
    feed(plain);
    expect(stored.query(SECONDS)).toEqual(plain.query(SECONDS));
    expect(stored.query(MINUTES)).toEqual(plain.query(MINUTES));
    expect(stored.query(SECONDS)).toEqual([
      [T0 - 2000, 'WSO2', 60, 60, 1, 3360],
      [T0, 'WSO2', 50, 50, 1, 300],
      [T0, 'IBM', 10, 10, 1, 10],
      [T0 + 1000, 'WSO2', 70, 70, 1, 700],
      [T0 + 60_000, 'IBM', 100, 100, 1, 2600],
    ]);
  });

  it('writes finished buckets to one table per duration, keeping running ones in memory', () => {
    const app = start(aggregation(TEST_STORE));
    feed(app);
    const seconds = app.table('A_SECONDS');
    const minutes = app.table('A_MINUTES');
    expect(app.table('A_HOURS')).toBeUndefined();
    expect(seconds?.schema.attributes.map((a) => a.name)).toEqual([
      'AGG_TIMESTAMP',
      'AGG_EVENT_TIMESTAMP',
      'symbol',
      'price',
      'quantity',
      'AGG_AVG_0',
      'AGG_AVG_0_sum',
      'AGG_AVG_0_count',
      'AGG_SUM_1',
      'AGG_SUM_1_sum',
      'AGG_SUM_1_count',
      'AGG_COUNT_2',
      'AGG_COUNT_2_count',
    ]);
    expect(seconds?.schema.primaryKey).toEqual([0, 2]);
    // every second but the running one (T0 + 60 s) is stored; the same for the 04:05 minute
    expect(seconds?.all().map((r) => [r[0], r[2]])).toEqual([
      [T0, 'WSO2'], // written when T0 + 1 s started
      [T0 - 2000, 'WSO2'], // out of order: written with its chunk
      [T0 + 1000, 'WSO2'], // written when T0 + 60 s started
      [T0, 'IBM'],
    ]);
    expect(minutes?.all().map((r) => [r[0], r[2], r[11]])).toEqual([
      [Date.UTC(2017, 5, 1, 4, 5), 'WSO2', 3],
      [Date.UTC(2017, 5, 1, 4, 5), 'IBM', 1],
    ]);
  });

  it('joins read through the tables', () => {
    const app = start(
      `${aggregation(TEST_STORE)} define stream Q (per string);
      @info(name='q') from Q join A within 0L, 9999999999999L per Q.per
      select AGG_TIMESTAMP, A.symbol, total order by AGG_TIMESTAMP insert into O;`,
    );
    feed(app);
    const seen: unknown[][] = [];
    app.on('q', (events) => {
      for (const e of events) seen.push(e.data);
    });
    app.input('Q').send(['min']);
    expect(seen).toEqual([
      [Date.UTC(2017, 5, 1, 4, 5), 'WSO2', 180],
      [Date.UTC(2017, 5, 1, 4, 5), 'IBM', 10],
      [Date.UTC(2017, 5, 1, 4, 6), 'IBM', 100],
    ]);
  });

  it('restores running buckets from the snapshot and stored ones with the table', () => {
    const text = aggregation("@store(type='inMemory')");
    const first = start(text);
    feed(first);
    const saved = JSON.parse(JSON.stringify(first.snapshot())) as AppSnapshot;
    expect(Object.keys(saved.holders)).toEqual(
      expect.arrayContaining(['aggregation:A', 'table:A_SECONDS', 'table:A_MINUTES']),
    );
    const second = start(text);
    second.restore(saved);
    expect(second.query(SECONDS)).toEqual(first.query(SECONDS));
    second.input('S').send(['IBM', 1, 1, T0 + 60_500]);
    expect(second.query(MINUTES).at(-1)).toEqual([
      Date.UTC(2017, 5, 1, 4, 6),
      'IBM',
      50.5,
      101,
      2,
      1,
    ]);
  });

  it('continues from a store that outlives the app', () => {
    const records = new Map<string, TestStoreTable>();
    const durable: TableFactory = recordTableFactory('durable', (schema, context) => {
      let table = records.get(schema.id);
      if (table === undefined) {
        table = new TestStoreTable(schema, context);
        records.set(schema.id, table);
      }
      return table;
    });
    const text = aggregation("@store(type='durable')");
    const first = start(text, { stores: [durable] });
    feed(first);
    const second = start(text, { stores: [durable] });
    // the finished buckets are there; the running second and minute died with the first app
    expect(second.query(SECONDS)).toHaveLength(4);
    second.input('S').send(['WSO2', 30, 1, T0 + 100]); // into the stored WSO2 second at T0
    second.input('S').send(['WSO2', 1, 1, T0 + 120_000]); // finishes the running buckets
    expect(second.query(SECONDS).slice(0, 2)).toEqual([
      [T0 - 2000, 'WSO2', 60, 60, 1, 3360],
      [T0, 'WSO2', 40, 80, 2, 30],
    ]);
    // the WSO2 second at T0 was updated in place, not added again
    expect(records.get('A_SECONDS')?.find({ test: undefined }, [])).toHaveLength(4);
  });

  it('purges stored rows older than their retention', () => {
    const clock = new VirtualClock(T0);
    const app = start(
      `define stream S (v int);
      @purge(enable='true', interval='10 sec', @retentionPeriod(sec='120 sec', min='all'))
      ${TEST_STORE} define aggregation A from S select sum(v) as total aggregate every sec ... min;`,
      { timeService: clock },
    );
    app.input('S').send([1]);
    clock.advanceBy(60_000);
    app.input('S').send([2]);
    clock.advanceBy(70_000);
    expect(app.query("from A within 0L, 9999999999999L per 'sec' select total")).toEqual([[2]]);
    expect(app.table('A_SECONDS')?.all()).toHaveLength(0);
    expect(app.query("from A within 0L, 9999999999999L per 'min' select total")).toEqual([
      [1],
      [2],
    ]);
  });

  it('needs a store type', () => {
    const created = createEngine({ logger: { log: () => undefined } }).createApp(
      aggregation("@store(jdbc.url='x')"),
    );
    expect(created.ok).toBe(false);
    if (!created.ok) {
      expect(created.diagnostics.map((d) => d.message).join('\n')).toMatch(/'type' option/);
    }
  });

  it('reports an unknown store type', () => {
    const created = createEngine({ logger: { log: () => undefined } }).createApp(
      aggregation("@store(type='noSuchStore')"),
    );
    expect(created.ok).toBe(false);
    if (!created.ok) {
      expect(created.diagnostics.map((d) => d.message).join('\n')).toMatch(/noSuchStore/);
    }
  });
});
