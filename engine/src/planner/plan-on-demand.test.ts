// Unit tests of on-demand queries through `app.query` and of table actions ending queries.

import { describe, expect, it } from 'vitest';
import { createEngine } from '../engine.js';
import type { AppRuntime } from '../runtime/app/app-runtime.js';
import { OnDemandQueryError } from '../runtime/on-demand/index.js';
import { InMemoryTable } from '../runtime/table/index.js';
import { VirtualClock } from '../runtime/time/index.js';

const APP = `
define stream S (symbol string, price double, volume long);
define stream D (symbol string);
define stream U (symbol string, volume long);
@PrimaryKey('symbol') define table T (symbol string, price double, volume long);
from S insert into T;
from D delete T on T.symbol == symbol;
from U update T set T.volume = volume on T.symbol == symbol;
`;

function start(text: string, logged: string[] = []): AppRuntime {
  const created = createEngine({
    timeService: new VirtualClock(0),
    logger: { log: (_level, message) => logged.push(message) },
  }).createApp(text);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
  created.app.start();
  return created.app;
}

function loaded(logged: string[] = []): AppRuntime {
  const app = start(APP, logged);
  const s = app.input('S');
  s.send(['WSO2', 55.5, 100]);
  s.send(['IBM', 75.5, 100]);
  s.send(['GOOG', 90.5, 300]);
  return app;
}

describe('on-demand queries', () => {
  it('finds rows with a condition, selection, order and limit', () => {
    const app = loaded();
    expect(app.query('from T on price > 60 select symbol, volume order by symbol')).toEqual([
      ['GOOG', 300],
      ['IBM', 100],
    ]);
    expect(app.query('from T select symbol, price order by price desc limit 1')).toEqual([
      ['GOOG', 90.5],
    ]);
  });

  it('aggregates afresh on every run', () => {
    const app = loaded();
    const text = 'from T select sum(volume) as total';
    expect(app.query(text)).toEqual([[500]]);
    expect(app.query(text)).toEqual([[500]]);
    expect(app.query('from T select volume, count() as n group by volume order by volume')).toEqual(
      [
        [100, 2],
        [300, 1],
      ],
    );
  });

  it('inserts, updates, upserts and deletes', () => {
    const app = loaded();
    expect(app.query("select 'MSFT' as symbol, 1.5 as price, 7L as volume insert into T")).toEqual(
      [],
    );
    app.query("update T set T.price = 2.5 on T.symbol == 'MSFT'");
    expect(app.query("from T on symbol == 'MSFT' select price")).toEqual([[2.5]]);
    app.query(
      "select 'ORCL' as symbol, 3.5 as price, 9L as volume update or insert into T set T.price = price on T.symbol == symbol",
    );
    expect(app.query("from T on symbol == 'ORCL' select price, volume")).toEqual([[3.5, 9]]);
    app.query("select 'WSO2' as s delete T on T.symbol == s");
    expect(app.query('from T select symbol').flat()).not.toContain('WSO2');
  });

  it('reports bad queries with diagnostics', () => {
    const app = loaded();
    expect(() => app.query('from Nope select *')).toThrow(OnDemandQueryError);
    try {
      app.query('from T select nope');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(OnDemandQueryError);
      expect((error as OnDemandQueryError).diagnostics.length).toBeGreaterThan(0);
    }
  });
});

describe('table actions of queries', () => {
  it('deletes and updates rows by primary key without scanning', () => {
    const app = loaded();
    const table = app.table('T');
    if (!(table instanceof InMemoryTable)) throw new Error('expected an in-memory table');
    const before = table.statistics.scans;
    app.input('U').send(['IBM', 42]);
    app.input('D').send(['WSO2']);
    expect(table.statistics.scans).toBe(before);
    expect(app.query('from T select symbol, volume order by symbol')).toEqual([
      ['GOOG', 300],
      ['IBM', 42],
    ]);
  });

  it('filters with `in` and logs primary key duplicates without stopping other queries', () => {
    const logged: string[] = [];
    const app = start(
      `define stream C (symbol string); ${APP} @info(name='q') from C[T.symbol == symbol in T] select symbol insert into O;
       @info(name='all') from S select symbol insert into All;`,
      logged,
    );
    const seen: unknown[] = [];
    const all: unknown[] = [];
    app.on('q', (events) => seen.push(...events.map((e) => e.data[0])));
    app.on('all', (events) => all.push(...events.map((e) => e.data[0])));
    app.input('S').send(['IBM', 1, 1]);
    app.input('S').send(['IBM', 2, 2]);
    app.input('C').send(['IBM']);
    app.input('C').send(['WSO2']);
    expect(seen).toEqual(['IBM']);
    expect(all).toEqual(['IBM', 'IBM']);
    expect(logged.some((l) => l.includes("primary key 'IBM'"))).toBe(true);
  });

  it('applies `for expired events` and update or insert from queries', () => {
    const app = start(`
      define stream S (symbol string, volume long);
      define table T (symbol string, volume long);
      from S#window.length(1) update or insert into T for expired events on T.symbol == symbol;`);
    app.input('S').send(['A', 1]);
    expect(app.query('from T select *')).toEqual([]);
    app.input('S').send(['B', 2]);
    expect(app.query('from T select *')).toEqual([['A', 1]]);
  });
});
