// Unit tests of incremental aggregations through the engine: out-of-order events, latest
// values, joins with `within … per …`, on-demand reads with re-aggregation and purging.

import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine.js';
import type { AppRuntime } from '../runtime/app/app-runtime.js';
import { VirtualClock } from '../runtime/time/index.js';

const AGG = `
define stream S (symbol string, price float, quantity int, ts long);
define aggregation A from S
select symbol, avg(price) as avgPrice, sum(price) as total, count() as n, (price * quantity) as last
group by symbol aggregate by ts every sec ... year;
`;

const T0 = Date.UTC(2017, 5, 1, 4, 5, 50);

function start(text: string, clock = new VirtualClock(0), logged: string[] = []): AppRuntime {
  const created = createEngine({
    timeService: clock,
    logger: { log: (_level, message) => logged.push(message) },
  }).createApp(text);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
  created.app.start();
  return created.app;
}

function feed(app: AppRuntime): void {
  const s = app.input('S');
  s.send(['WSO2', 50, 6, T0]);
  s.send(['WSO2', 70, 10, T0 + 1000]);
  s.send(['WSO2', 60, 56, T0 - 2000]); // out of order: its own second, same minute
  s.send(['IBM', 100, 26, T0 + 60_000]);
}

describe('incremental aggregations', () => {
  it('buckets out-of-order events and keeps the latest event values', () => {
    const app = start(AGG);
    feed(app);
    expect(app.query("from A within '2017-06-** **:**:**' per 'seconds' select *")).toEqual([
      [T0 - 2000, 'WSO2', 60, 60, 1, 3360],
      [T0, 'WSO2', 50, 50, 1, 300],
      [T0 + 1000, 'WSO2', 70, 70, 1, 700],
      [T0 + 60_000, 'IBM', 100, 100, 1, 2600],
    ]);
    expect(app.query("from A within '2017-06-** **:**:**' per 'min' select *")).toEqual([
      [Date.UTC(2017, 5, 1, 4, 5), 'WSO2', 60, 180, 3, 700],
      [Date.UTC(2017, 5, 1, 4, 6), 'IBM', 100, 100, 1, 2600],
    ]);
    expect(app.query("from A within '2017-**-** **:**:**' per 'months' select *")).toEqual([
      [Date.UTC(2017, 5, 1), 'WSO2', 60, 180, 3, 700],
      [Date.UTC(2017, 5, 1), 'IBM', 100, 100, 1, 2600],
    ]);
  });

  it('re-aggregates with group by and filters with on in on-demand reads', () => {
    const app = start(AGG);
    feed(app);
    expect(
      app.query(
        "from A within 0L, 2000000000000L per 'sec' select symbol, sum(total) as t group by symbol",
      ),
    ).toEqual([
      ['WSO2', 180],
      ['IBM', 100],
    ]);
    expect(
      app.query("from A on symbol == 'IBM' within '2017-06-01 04:**:**' per 'hours' select n"),
    ).toEqual([[1]]);
    expect(() => app.query("from A within '2017-06-** **:**:**' per 'weeks' select *")).toThrow();
  });

  it('joins with bounds and per from the triggering event (start inclusive, end exclusive)', () => {
    const app = start(
      `${AGG} define stream Q (from_ long, to_ long, per string);
      @info(name='q') from Q join A within from_, to_ per per select AGG_TIMESTAMP, A.symbol, total insert into O;`,
    );
    feed(app);
    const seen: unknown[][] = [];
    app.on('q', (events) => {
      for (const e of events) seen.push(e.data);
    });
    app.input('Q').send([T0 - 2000, T0 + 1000, 'seconds']);
    expect(seen).toEqual([
      [T0 - 2000, 'WSO2', 60],
      [T0, 'WSO2', 50],
    ]);
    seen.length = 0;
    app.input('Q').send([0, T0 + 120_000, 'minutes']);
    expect(seen.map((r) => r[2])).toEqual([180, 100]);
  });

  it('orders a join by AGG_TIMESTAMP without selecting it (a hidden input column)', () => {
    const app = start(
      `${AGG} define stream Q (from_ long, to_ long);
      @info(name='q') from Q join A within from_, to_ per 'seconds'
      select A.symbol, total group by A.symbol order by AGG_TIMESTAMP desc insert into O;`,
    );
    feed(app);
    const seen: unknown[][] = [];
    app.on('q', (events) => {
      for (const e of events) seen.push(e.data);
    });
    app.input('Q').send([0, T0 + 120_000]);
    // WSO2's last row is at T0 + 1 s, IBM's at T0 + 60 s: descending puts IBM first
    expect(seen).toEqual([
      ['IBM', 100],
      ['WSO2', 70],
    ]);
  });

  it('aggregates by event time without aggregate by, and by date strings', () => {
    const clock = new VirtualClock(T0);
    const app = start(
      `define stream S (v int, at string);
      define aggregation ByTime from S select sum(v) as total aggregate every sec, hour;
      define aggregation ByText from S select sum(v) as total aggregate by at every day;`,
      clock,
    );
    app.input('S').send([1, '2017-06-02 10:00:00 +05:30']);
    clock.advanceBy(1500);
    app.input('S').send([2, 'not a date']);
    expect(app.query("from ByTime within '2017-06-01 **:**:**' per 'sec' select *")).toEqual([
      [T0, 1],
      [T0 + 1000, 2],
    ]);
    expect(app.query("from ByText within '2017-06-** **:**:**' per 'days' select *")).toEqual([
      [Date.UTC(2017, 5, 2), 1],
    ]);
  });

  it('purges buckets older than their retention on the app clock', () => {
    const clock = new VirtualClock(T0);
    const app = start(
      `define stream S (v int);
      @purge(enable='true', interval='10 sec', @retentionPeriod(sec='120 sec', min='all'))
      define aggregation A from S select sum(v) as total aggregate every sec ... min;`,
      clock,
    );
    app.input('S').send([1]);
    clock.advanceBy(60_000);
    app.input('S').send([2]);
    clock.advanceBy(70_000);
    expect(app.query("from A within 0L, 9999999999999L per 'sec' select total")).toEqual([[2]]);
    expect(app.query("from A within 0L, 9999999999999L per 'min' select total")).toEqual([
      [1],
      [2],
    ]);
  });
});
