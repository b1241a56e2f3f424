// `@store(type='rdbms') define aggregation` on SQLite, PostgreSQL and MariaDB: one table per
// duration (`A_SECONDS`, `A_MINUTES`) with the bucket columns, on-demand `within … per` queries
// and a join reading the same rows as the same aggregation kept in memory, buckets that outlive
// the app (a new app on the same database reads and updates them), and `@purge` deleting rows
// older than their retention. Each run works in a fresh file / schema / database it drops.

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  builtinExtensions,
  createEngine,
  createRegistry,
  VirtualClock,
  type AppRuntime,
} from '@tributary/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshMariadb, freshPostgres } from './live-databases.test-support.js';
import { createRdbmsExtensions, type RdbmsExtensions } from './rdbms-store.js';

/** A database for one run: its `jdbc.url`, direct SQL on it, and cleanup. */
interface Target {
  readonly url: string;
  /** The tables of the run's schema, with their columns in order (names as the database has them). */
  columns(): Promise<Map<string, string[]>>;
  /** Runs `sql` directly (no placeholders); `table` gives a table's name as written in SQL. */
  query(sql: string): Promise<unknown[]>;
  table(name: string): string;
  close(): Promise<void>;
}

interface Sqlite {
  prepare(sql: string): { all(): unknown[] };
  close(): void;
}

function sqliteTarget(): Promise<Target> {
  const folder = mkdtempSync(join(tmpdir(), 'tributary-aggregation-'));
  const file = join(folder, 'db.sqlite');
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (f: string) => Sqlite;
  const run = (sql: string): unknown[] => {
    const db = new Database(file);
    try {
      return db.prepare(sql).all();
    } finally {
      db.close();
    }
  };
  return Promise.resolve({
    url: `jdbc:sqlite:${file}`,
    columns: () => {
      const out = new Map<string, string[]>();
      const tables = run("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
      for (const { name } of tables as { name: string }[]) {
        const info = run(`PRAGMA table_info("${name}")`) as { name: string }[];
        out.set(
          name,
          info.map((c) => c.name),
        );
      }
      return Promise.resolve(out);
    },
    query: (sql) => Promise.resolve(run(sql)),
    table: (name) => `"${name}"`,
    close: () => {
      rmSync(folder, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
}

async function serverTarget(open: typeof freshPostgres): Promise<Target> {
  const db = await open();
  return {
    url: db.jdbcUrl,
    async columns() {
      const rows = (await db.query(
        'SELECT table_name AS t, column_name AS c FROM information_schema.columns ' +
          `WHERE table_schema = '${db.schema}' ORDER BY table_name, ordinal_position`,
      )) as { t: string; c: string }[];
      const out = new Map<string, string[]>();
      for (const { t, c } of rows) out.set(t, [...(out.get(t) ?? []), c]);
      return out;
    },
    query: (sql) => db.query(sql),
    table: (name) => db.table(name),
    close: () => db.drop(),
  };
}

const TARGETS = [
  { name: 'SQLite', open: sqliteTarget },
  { name: 'PostgreSQL', open: () => serverTarget(freshPostgres) },
  { name: 'MariaDB', open: () => serverTarget(freshMariadb) },
] as const;

const T0 = Date.UTC(2017, 5, 1, 4, 5, 50);
const MINUTE = (m: number): number => Date.UTC(2017, 5, 1, 4, m);

const aggregation = (store: string, id = 'A'): string => `
define stream S (symbol string, price float, quantity int, ts long);
${store} define aggregation ${id} from S
select symbol, avg(price) as avgPrice, sum(price) as total, count() as n, (price * quantity) as last
group by symbol aggregate by ts every sec ... min;
define stream Q (per string);
@info(name='joined') from Q join ${id} within 0L, 9999999999999L per Q.per
select AGG_TIMESTAMP, ${id}.symbol, total, n order by AGG_TIMESTAMP, ${id}.symbol insert into O;
`;

/** Events in order and out of order (into finished, stored buckets). */
function feed(app: AppRuntime): void {
  const s = app.input('S');
  s.send(['WSO2', 50, 6, T0]);
  s.send(['WSO2', 70, 10, T0 + 1000]);
  s.send(['WSO2', 60, 56, T0 - 2000]); // a finished second, the running minute
  s.send(['IBM', 100, 26, T0 + 60_000]);
  s.send(['IBM', 10, 1, T0 + 500]); // a finished, stored second and minute
  s.sendBatch([
    ['ORCL', 20.5, 2, T0 + 61_000],
    ['IBM', 30, 3, T0 + 61_000],
    ['ORCL', 1.25, 4, T0 + 125_000],
  ]);
}

const PER = (id: string, per: string, from = 0, to = 9_999_999_999_999): string =>
  `from ${id} within ${String(from)}L, ${String(to)}L per '${per}' select *`;
const queries = (id: string): string[] => [
  PER(id, 'seconds'),
  PER(id, 'minutes'),
  PER(id, 'seconds', T0, T0 + 61_000),
  PER(id, 'min', MINUTE(6), MINUTE(7)),
  `from ${id} on symbol == 'IBM' within 0L, 9999999999999L per 'sec' select symbol, total, n`,
  `from ${id} within 0L, 9999999999999L per 'min' select symbol, sum(total) as t group by symbol`,
];

/** The rows of the `joined` query for a `per` sent on Q. */
function joined(app: AppRuntime, per: string): unknown[][] {
  const seen: unknown[][] = [];
  const off = app.on('joined', (events) => {
    for (const e of events) seen.push(e.data);
  });
  app.input('Q').send([per]);
  off();
  return seen;
}

describe.each(TARGETS)('aggregation @store on $name', ({ open }) => {
  let target: Target;
  const stores: RdbmsExtensions[] = [];
  const apps: AppRuntime[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    target = await open();
  }, 60_000);

  afterAll(async () => {
    for (const app of apps) await app.shutdown();
    for (const store of stores) await store.close();
    await target.close();
  });

  function started(text: string, clock = new VirtualClock(T0)): AppRuntime {
    const rdbms = createRdbmsExtensions();
    stores.push(rdbms);
    const created = createEngine({
      timeService: clock,
      logger: {
        log: (level, message) => {
          if (level === 'error') errors.push(message);
        },
      },
      extensions: createRegistry(builtinExtensions, {
        package: '@tributary/store-rdbms',
        version: '0.1.0',
        extensions: rdbms.extensions,
      }),
    }).createApp(text);
    if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
    apps.push(created.app);
    created.app.start();
    return created.app;
  }

  const STORE = (): string => `@store(type='rdbms', jdbc.url='${target.url}')`;

  it('creates a table per duration with the bucket columns', async () => {
    const app = started(aggregation(STORE()));
    feed(app);
    await app.shutdown();
    const tables = await target.columns();
    // (server databases get the store's insertion-order column too)
    const lower = new Map(
      [...tables].map(([name, cols]) => [
        name.toLowerCase(),
        cols.filter((c) => c !== '_tributary_seq'),
      ]),
    );
    expect([...lower.keys()].sort()).toEqual(['a_minutes', 'a_seconds']);
    expect(lower.get('a_seconds')?.map((c) => c.toLowerCase())).toEqual([
      'agg_timestamp',
      'agg_event_timestamp',
      'symbol',
      'price',
      'quantity',
      'agg_avg_0',
      'agg_avg_0_sum',
      'agg_avg_0_count',
      'agg_sum_1',
      'agg_sum_1_sum',
      'agg_sum_1_count',
      'agg_count_2',
      'agg_count_2_count',
    ]);
    expect(lower.get('a_minutes')).toEqual(lower.get('a_seconds'));
  });

  /** The rows of table `name` in the database. */
  async function count(name: string): Promise<number> {
    const rows = await target.query(`SELECT COUNT(*) AS n FROM ${target.table(name)}`);
    return Number((rows[0] as { n: unknown }).n);
  }

  it('answers on-demand queries and joins as the same aggregation in memory', async () => {
    const stored = started(aggregation(STORE(), 'B'));
    const plain = started(aggregation('', 'B'));
    feed(stored);
    feed(plain);
    for (const q of queries('B')) expect(stored.query(q), q).toEqual(plain.query(q));
    expect(stored.query(PER('B', 'sec'))).toHaveLength(8);
    for (const per of ['sec', 'min']) expect(joined(stored, per)).toEqual(joined(plain, per));
    expect(joined(stored, 'min')).toEqual([
      [MINUTE(5), 'IBM', 10, 1],
      [MINUTE(5), 'WSO2', 180, 3],
      [MINUTE(6), 'IBM', 130, 2],
      [MINUTE(6), 'ORCL', 20.5, 1],
      [MINUTE(7), 'ORCL', 1.25, 1],
    ]);
    // finished buckets are rows of the tables; the running ones (the latest start) stay in memory
    expect(await count('B_SECONDS')).toBe(7);
    expect(await count('B_MINUTES')).toBe(4);
    await stored.shutdown();
    await plain.shutdown();
  });

  it('agrees with memory over many events, out of order, with inexact floats', () => {
    const stored = started(aggregation(STORE(), 'M'));
    const plain = started(aggregation('', 'M'));
    const symbols = ['IBM', 'WSO2', 'ORCL', 'AAPL', 'GOOG'];
    for (const app of [stored, plain]) {
      const s = app.input('S');
      for (let i = 0; i < 3000; i += 1) {
        // about 5 minutes, every 50th event 40 s late (into finished buckets)
        const ts = T0 + i * 100 - (i % 50 === 0 ? 40_000 : 0);
        s.send([symbols[i % 5], Math.fround(((i * 7919) % 10_000) / 7), i % 13, ts]);
      }
    }
    for (const q of queries('M')) expect(stored.query(q), q).toEqual(plain.query(q));
    expect(stored.query(PER('M', 'sec')).length).toBeGreaterThan(1000);
    expect(errors).toEqual([]);
  });

  it('refuses a null group key, a primary key column as in Siddhi, and logs it', () => {
    errors.length = 0;
    const app = started(aggregation(STORE(), 'N'));
    const s = app.input('S');
    s.send([null, 1, 1, T0]);
    s.send(['IBM', 2, 1, T0]);
    s.send(['IBM', 3, 1, T0 + 1000]); // finishes (writes) the T0 second
    expect(app.query(PER('N', 'sec')).map((r) => [r[1], r[3]])).toEqual([
      ['IBM', 2],
      ['IBM', 3],
    ]);
    expect(errors.join('\n')).toMatch(/table 'N_SECONDS' update or insert failed/);
  });

  it('keeps finished buckets for a new app on the same database, which updates them', async () => {
    const first = started(aggregation(STORE(), 'R'));
    feed(first);
    const seconds = first.query(PER('R', 'sec'));
    await first.shutdown();

    const second = started(aggregation(STORE(), 'R'));
    // the running second and minute (no snapshot taken) died with the first app
    expect(second.query(PER('R', 'sec'))).toEqual(seconds.filter((row) => row[0] !== T0 + 125_000));
    second.input('S').send(['WSO2', 30, 1, T0 + 100]); // into the stored WSO2 second at T0
    const plain = started(aggregation('', 'R'));
    feed(plain);
    plain.input('S').send(['WSO2', 30, 1, T0 + 100]);
    const updated = second.query(PER('R', 'sec', T0, T0 + 1));
    expect(updated).toEqual(plain.query(PER('R', 'sec', T0, T0 + 1)));
    expect(updated).toContainEqual([T0, 'WSO2', 40, 80, 2, 30]);
    // updated in place: no second row for that bucket
    expect(await count('R_SECONDS')).toBe(7);
    await second.shutdown();
    await plain.shutdown();
  });

  it('restores the running buckets from a snapshot over the stored ones', async () => {
    const first = started(aggregation(STORE(), 'W'));
    feed(first);
    const seconds = first.query(PER('W', 'sec'));
    const minutes = first.query(PER('W', 'min'));
    const saved = JSON.parse(JSON.stringify(first.snapshot())) as ReturnType<
      AppRuntime['snapshot']
    >;
    await first.shutdown();
    const second = started(aggregation(STORE(), 'W'));
    second.restore(saved);
    expect(second.query(PER('W', 'sec'))).toEqual(seconds);
    expect(second.query(PER('W', 'min'))).toEqual(minutes);
    // the restored running minute goes on and is written once a later one starts
    second.input('S').send(['ORCL', 2, 1, T0 + 126_000]);
    second.input('S').send(['ORCL', 4, 1, T0 + 200_000]);
    expect(second.query(PER('W', 'min', MINUTE(7), MINUTE(8)))).toEqual([
      [MINUTE(7), 'ORCL', 3.25 / 2, 3.25, 2, 2],
    ]);
    expect(await count('W_MINUTES')).toBe(5);
  });

  it('@purge deletes the rows older than their retention', async () => {
    const clock = new VirtualClock(T0);
    const app = started(
      `define stream V (v int);
      @purge(enable='true', interval='10 sec', @retentionPeriod(sec='120 sec', min='all'))
      ${STORE()} define aggregation P from V select sum(v) as total aggregate every sec ... min;`,
      clock,
    );
    app.input('V').send([1]);
    clock.advanceBy(60_000);
    app.input('V').send([2]); // finishes (writes) the first second and minute
    // (writes are queued; a read of the aggregation waits for them)
    expect(app.query("from P within 0L, 9999999999999L per 'sec' select total")).toEqual([
      [1],
      [2],
    ]);
    expect(await count('P_SECONDS')).toBe(1);
    clock.advanceBy(70_000); // the first second is now older than 120 s
    expect(app.query("from P within 0L, 9999999999999L per 'sec' select total")).toEqual([[2]]);
    expect(await count('P_SECONDS')).toBe(0);
    expect(app.query("from P within 0L, 9999999999999L per 'min' select total")).toEqual([
      [1],
      [2],
    ]);
    expect(await count('P_MINUTES')).toBe(1);
    await app.shutdown();
  });
});
