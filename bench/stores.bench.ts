// The `rdbms` store on SQLite and PostgreSQL: inserts/s (`from S insert into T`, one event per
// send, the last write awaited by a read) and lookups/s (a stream joined with the table on its
// primary key, one find per event), with and without `cache.size`, beside the raw driver
// doing the same work (better-sqlite3 prepared statements; pg awaiting each statement).
// PostgreSQL at TRIBUTARY_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432/test).

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  builtinExtensions,
  createEngine,
  createRegistry,
  silentLogger,
  VirtualClock,
  type AppRuntime,
} from '@tributary/engine';
import { createRdbmsExtensions } from '../stores/rdbms/src/index.js';
import { median, rate, type Bench, type BenchOptions } from './bench.js';

const POSTGRES = process.env.TRIBUTARY_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const KEYS = 1000;

interface Sizes {
  readonly inserts: number;
  readonly lookups: number;
}

interface Figures {
  readonly inserts: number;
  readonly lookups: number;
  readonly cachedLookups: number;
}

function symbolOf(i: number): string {
  return `SYM${String(i % KEYS)}-${String(i)}`;
}

function keyOf(i: number): string {
  return symbolOf(i % KEYS);
}

/** One round of the engine: a fresh table, `inserts` events, then `lookups` joined events. */
async function engineRound(url: string, table: string, sizes: Sizes): Promise<Figures> {
  const rdbms = createRdbmsExtensions();
  const engine = createEngine({
    timeService: new VirtualClock(0),
    logger: silentLogger,
    extensions: createRegistry(builtinExtensions, {
      package: '@tributary/store-rdbms',
      version: '0.1.0',
      extensions: rdbms.extensions,
    }),
  });
  const app = (cache: number, name: string): AppRuntime => {
    const created = engine.createApp(`
      define stream S (symbol string, price double, volume long);
      define stream Q (symbol string);
      @store(type='rdbms', jdbc.url='${url}', table.name='${name}', cache.size='${String(cache)}')
      @PrimaryKey('symbol')
      define table T (symbol string, price double, volume long);
      from S select * insert into T;
      @info(name='lookup') from Q join T on T.symbol == Q.symbol select T.symbol, T.price insert into Out;`);
    if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
    created.app.start();
    return created.app;
  };
  const plain = app(0, table);
  const send = plain.input('S');
  const started = performance.now();
  for (let i = 0; i < sizes.inserts; i += 1) send.send([symbolOf(i), i * 0.5, i]);
  const count = plain.query('from T select count() as n')[0]?.[0];
  const insertMs = performance.now() - started;
  if (count !== sizes.inserts)
    throw new Error(`expected ${String(sizes.inserts)} rows, got ${String(count)}`);

  const lookup = (runtime: AppRuntime): number => {
    let found = 0;
    runtime.on('lookup', (events) => {
      found += events.length;
    });
    const q = runtime.input('Q');
    const begin = performance.now();
    for (let i = 0; i < sizes.lookups; i += 1) q.send([keyOf(i)]);
    const ms = performance.now() - begin;
    if (found !== sizes.lookups)
      throw new Error(`expected ${String(sizes.lookups)} matches, got ${String(found)}`);
    return ms;
  };
  const lookupMs = lookup(plain);
  await plain.shutdown();
  const cached = app(KEYS, table);
  const cachedMs = lookup(cached);
  await cached.shutdown();
  await rdbms.close();
  return {
    inserts: (sizes.inserts * 1000) / insertMs,
    lookups: (sizes.lookups * 1000) / lookupMs,
    cachedLookups: (sizes.lookups * 1000) / cachedMs,
  };
}

interface SqliteStatement {
  run(...args: unknown[]): unknown;
  get(...args: unknown[]): unknown;
}
interface SqliteDb {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(sql: string): unknown;
  close(): unknown;
}

/** better-sqlite3 doing the same work: one autocommitted insert per row, one select per lookup. */
function rawSqliteRound(file: string, table: string, sizes: Sizes): Figures {
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (f: string) => SqliteDb;
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    `CREATE TABLE "${table}" (symbol TEXT NOT NULL, price DOUBLE, volume BIGINT, PRIMARY KEY (symbol))`,
  );
  const insert = db.prepare(
    `INSERT INTO "${table}" (symbol, price, volume) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
  );
  const select = db.prepare(`SELECT symbol, price, volume FROM "${table}" WHERE symbol = ?`);
  let started = performance.now();
  for (let i = 0; i < sizes.inserts; i += 1) insert.run(symbolOf(i), i * 0.5, i);
  const insertMs = performance.now() - started;
  started = performance.now();
  for (let i = 0; i < sizes.lookups; i += 1) {
    if (select.get(keyOf(i)) === undefined) throw new Error('lookup missed');
  }
  const lookupMs = performance.now() - started;
  db.close();
  const lookups = (sizes.lookups * 1000) / lookupMs;
  return { inserts: (sizes.inserts * 1000) / insertMs, lookups, cachedLookups: lookups };
}

/** pg doing the same work, awaiting each statement (autocommit). */
async function rawPostgresRound(client: pg.Client, table: string, sizes: Sizes): Promise<Figures> {
  await client.query(
    `CREATE TABLE ${table} (symbol VARCHAR(254) NOT NULL PRIMARY KEY, price DOUBLE PRECISION, volume BIGINT)`,
  );
  let started = performance.now();
  for (let i = 0; i < sizes.inserts; i += 1) {
    await client.query(`INSERT INTO ${table} VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      symbolOf(i),
      i * 0.5,
      i,
    ]);
  }
  const insertMs = performance.now() - started;
  started = performance.now();
  for (let i = 0; i < sizes.lookups; i += 1) {
    const found = await client.query(
      `SELECT symbol, price, volume FROM ${table} WHERE symbol = $1`,
      [keyOf(i)],
    );
    if (found.rowCount !== 1) throw new Error('lookup missed');
  }
  const lookupMs = performance.now() - started;
  const lookups = (sizes.lookups * 1000) / lookupMs;
  return { inserts: (sizes.inserts * 1000) / insertMs, lookups, cachedLookups: lookups };
}

function report(label: string, runs: readonly Figures[]): string[] {
  const pick = (f: (r: Figures) => number): string => rate(median(runs.map(f)));
  return [
    `${label}: ${pick((r) => r.inserts)} inserts/s, ${pick((r) => r.lookups)} lookups/s` +
      (label.startsWith('store')
        ? `, ${pick((r) => r.cachedLookups)} lookups/s with cache.size=${String(KEYS)}`
        : ''),
  ];
}

async function rounds<T>(
  options: BenchOptions,
  round: (n: number) => T | Promise<T>,
): Promise<T[]> {
  const out: T[] = [];
  for (let n = 0; n < options.warmupRounds + options.rounds; n += 1) {
    const figures = await round(n);
    if (n >= options.warmupRounds) out.push(figures);
  }
  return out;
}

/** `rdbms` store on an SQLite file. */
export const sqliteStoreBench: Bench = {
  name: 'store-sqlite',
  async run(options) {
    const sizes: Sizes = { inserts: 20_000, lookups: 20_000 };
    const folder = mkdtempSync(join(tmpdir(), 'tributary-bench-'));
    const file = join(folder, 'bench.db');
    try {
      const store = await rounds(options, (n) =>
        engineRound(`jdbc:sqlite:${file}`, `t${String(n)}`, sizes),
      );
      const raw = await rounds(options, (n) =>
        rawSqliteRound(join(folder, 'raw.db'), `r${String(n)}`, sizes),
      );
      return [
        `${String(sizes.inserts)} inserts then ${String(sizes.lookups)} lookups by key (${String(KEYS)} hot keys), median of ${String(options.rounds)}`,
        ...report('store (engine, rdbms on SQLite)', store),
        ...report('raw better-sqlite3', raw),
      ];
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};

/** `rdbms` store on PostgreSQL (worker thread, writes batched behind reads). */
export const postgresStoreBench: Bench = {
  name: 'store-postgres',
  async run(options) {
    const sizes: Sizes = { inserts: 5_000, lookups: 3_000 };
    const schema = `tributary_bench_${Date.now().toString(36)}`;
    const client = new pg.Client({ connectionString: POSTGRES });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    try {
      const url = new URL(POSTGRES);
      const jdbc = `jdbc:postgresql://${url.host}${url.pathname}?user=${url.username}&currentSchema=${schema}`;
      const store = await rounds(options, (n) => engineRound(jdbc, `t${String(n)}`, sizes));
      const raw = await rounds(options, (n) =>
        rawPostgresRound(client, `${schema}.r${String(n)}`, sizes),
      );
      return [
        `${String(sizes.inserts)} inserts then ${String(sizes.lookups)} lookups by key (${String(KEYS)} hot keys), median of ${String(options.rounds)}`,
        ...report('store (engine, rdbms on PostgreSQL)', store),
        ...report('raw pg, awaiting each statement', raw),
      ];
    } finally {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    }
  },
};
