// The `rdbms` store on SQLite, PostgreSQL and MariaDB: inserts/s (`from S insert into T`, one
// event per send, the last write awaited by a read) and lookups/s with p50/p99 latency (a stream
// joined with the table on its primary key, one find per event), with and without `cache.size`,
// beside the raw driver doing the same work: better-sqlite3 prepared statements; pg / mysql2
// awaiting each statement, as a naive client would (autocommitted inserts, unprepared lookups),
// and as the store does (prepared statements, inserts committed 500 at a time). Rates per
// cpu-second count the bench process only (the database server is another process).
// PostgreSQL at TRIBUTARY_BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432/test),
// MariaDB at TRIBUTARY_BENCH_MARIADB (default mysql://root@127.0.0.1:3306/test).

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
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
import { median, micros, quantile, rate, type Bench, type BenchOptions } from './bench.js';

const POSTGRES = process.env.TRIBUTARY_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const MARIADB = process.env.TRIBUTARY_BENCH_MARIADB ?? 'mysql://root@127.0.0.1:3306/test';
const KEYS = 1000;
/** Write jobs the store commits together at most (sql-worker.ts), and the raw baseline too. */
const BATCH = 500;

interface Sizes {
  readonly inserts: number;
  readonly lookups: number;
}

/** Rates of one pass: per second of wall clock and per cpu-second of the process. */
interface Pass {
  readonly perSecond: number;
  readonly perCpuSecond: number;
}

interface Figures {
  readonly inserts: Pass;
  readonly lookups: Pass;
  /** Lookup latencies (ms), ascending. */
  readonly latencies: readonly number[];
  readonly cachedLookups?: Pass;
}

function symbolOf(i: number): string {
  return `SYM${String(i % KEYS)}-${String(i)}`;
}

function keyOf(i: number): string {
  return symbolOf(i % KEYS);
}

/** Runs `work` over `count` items, timing wall clock and process cpu. */
async function timed(count: number, work: () => unknown): Promise<Pass> {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  await work();
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  return {
    perSecond: (count * 1000) / ms,
    perCpuSecond: (count * 1e6) / Math.max(1, cpu.user + cpu.system),
  };
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
  const inserts = await timed(sizes.inserts, () => {
    for (let i = 0; i < sizes.inserts; i += 1) send.send([symbolOf(i), i * 0.5, i]);
    const count = plain.query('from T select count() as n')[0]?.[0];
    if (count !== sizes.inserts)
      throw new Error(`expected ${String(sizes.inserts)} rows, got ${String(count)}`);
  });

  const lookup = async (runtime: AppRuntime, latencies: number[]): Promise<Pass> => {
    let found = 0;
    runtime.on('lookup', (events) => {
      found += events.length;
    });
    const q = runtime.input('Q');
    const pass = await timed(sizes.lookups, () => {
      for (let i = 0; i < sizes.lookups; i += 1) {
        const sent = performance.now();
        q.send([keyOf(i)]);
        latencies.push(performance.now() - sent);
      }
    });
    if (found !== sizes.lookups)
      throw new Error(`expected ${String(sizes.lookups)} matches, got ${String(found)}`);
    return pass;
  };
  const latencies: number[] = [];
  const lookups = await lookup(plain, latencies);
  await plain.shutdown();
  const cached = app(KEYS, table);
  const cachedLookups = await lookup(cached, []);
  await cached.shutdown();
  await rdbms.close();
  return { inserts, lookups, latencies: latencies.sort((a, b) => a - b), cachedLookups };
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
async function rawSqliteRound(file: string, table: string, sizes: Sizes): Promise<Figures> {
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
  const inserts = await timed(sizes.inserts, () => {
    for (let i = 0; i < sizes.inserts; i += 1) insert.run(symbolOf(i), i * 0.5, i);
  });
  const latencies: number[] = [];
  const lookups = await timed(sizes.lookups, () => {
    for (let i = 0; i < sizes.lookups; i += 1) {
      const sent = performance.now();
      if (select.get(keyOf(i)) === undefined) throw new Error('lookup missed');
      latencies.push(performance.now() - sent);
    }
  });
  db.close();
  return { inserts, lookups, latencies: latencies.sort((a, b) => a - b) };
}

/** A raw driver connection: one statement with bound values; the rows it read or changed. */
interface RawConnection {
  readonly placeholder: (n: number) => string;
  readonly skipDuplicates: string;
  /** `prepared`: a server-side prepared statement, reused by text. */
  run(sql: string, values: readonly (string | number)[], prepared: boolean): Promise<number>;
}

function rawPostgres(client: pg.Client): RawConnection {
  const names = new Map<string, string>();
  return {
    placeholder: (n) => `$${String(n)}`,
    skipDuplicates: ' ON CONFLICT DO NOTHING',
    async run(sql, values, prepared) {
      let name: string | undefined;
      if (prepared) {
        name = names.get(sql) ?? `bench${String(names.size)}`;
        names.set(sql, name);
      }
      const result = await client.query({
        text: sql,
        values: [...values],
        rowMode: 'array',
        ...(name === undefined ? {} : { name }),
      });
      return result.rowCount ?? 0;
    },
  };
}

function rawMariadb(connection: mysql.Connection): RawConnection {
  const count = (result: unknown): number =>
    Array.isArray(result) ? result.length : (result as mysql.ResultSetHeader).affectedRows;
  return {
    placeholder: () => '?',
    skipDuplicates: '',
    async run(sql, values, prepared) {
      const options = { sql, rowsAsArray: true };
      const [result] = prepared
        ? await connection.execute(options, [...values])
        : await connection.query(options, [...values]);
      return count(result);
    },
  };
}

/**
 * The raw driver doing the same work, awaiting each statement: naive (`batch` 1: autocommitted
 * inserts, unprepared lookups) or as the store does (prepared, `batch` inserts per transaction).
 */
async function rawServerRound(
  db: RawConnection,
  table: string,
  sizes: Sizes,
  batch: number,
): Promise<Figures> {
  const prepared = batch > 1;
  const [p1, p2, p3] = [db.placeholder(1), db.placeholder(2), db.placeholder(3)];
  const insert = `INSERT INTO ${table} (symbol, price, volume) VALUES (${p1}, ${p2}, ${p3})${db.skipDuplicates}`;
  const select = `SELECT symbol, price, volume FROM ${table} WHERE symbol = ${p1}`;
  await db.run(
    `CREATE TABLE ${table} (symbol VARCHAR(254) NOT NULL PRIMARY KEY, price DOUBLE PRECISION, volume BIGINT)`,
    [],
    false,
  );
  const inserts = await timed(sizes.inserts, async () => {
    for (let i = 0; i < sizes.inserts; i += batch) {
      if (batch > 1) await db.run('BEGIN', [], false);
      for (let j = i; j < Math.min(i + batch, sizes.inserts); j += 1) {
        await db.run(insert, [symbolOf(j), j * 0.5, j], prepared);
      }
      if (batch > 1) await db.run('COMMIT', [], false);
    }
  });
  const latencies: number[] = [];
  const lookups = await timed(sizes.lookups, async () => {
    for (let i = 0; i < sizes.lookups; i += 1) {
      const sent = performance.now();
      if ((await db.run(select, [keyOf(i)], prepared)) !== 1) throw new Error('lookup missed');
      latencies.push(performance.now() - sent);
    }
  });
  return { inserts, lookups, latencies: latencies.sort((a, b) => a - b) };
}

function report(label: string, runs: readonly Figures[]): string {
  const pick = (f: (r: Figures) => number): string => rate(median(runs.map(f)));
  const at = (q: number): string => micros(median(runs.map((r) => quantile(r.latencies, q))));
  const cached = runs.every((r) => r.cachedLookups !== undefined)
    ? `; ${pick((r) => r.cachedLookups?.perSecond ?? 0)} lookups/s with cache.size=${String(KEYS)}`
    : '';
  return (
    `${label}: ${pick((r) => r.inserts.perSecond)} inserts/s ` +
    `(${pick((r) => r.inserts.perCpuSecond)} per cpu-second); ` +
    `${pick((r) => r.lookups.perSecond)} lookups/s (${pick((r) => r.lookups.perCpuSecond)} per cpu-second), ` +
    `latency p50 ${at(0.5)}, p99 ${at(0.99)}${cached}`
  );
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

function heading(sizes: Sizes, options: BenchOptions): string {
  return `${String(sizes.inserts)} inserts then ${String(sizes.lookups)} lookups by key (${String(KEYS)} hot keys), median of ${String(options.rounds)}`;
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
        heading(sizes, options),
        report('store (engine, rdbms on SQLite)', store),
        report('raw better-sqlite3', raw),
      ];
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};

/** Store and raw-driver rounds on one server database. */
async function serverBench(
  options: BenchOptions,
  sizes: Sizes,
  server: { readonly name: string; readonly driver: string; readonly jdbc: string },
  db: RawConnection,
  tableOf: (name: string) => string,
): Promise<string[]> {
  const store = await rounds(options, (n) => engineRound(server.jdbc, `t${String(n)}`, sizes));
  // Autocommitted inserts wait for a flush each: fewer rows (the hot keys) keep this short.
  const naiveSizes = { inserts: Math.min(KEYS, sizes.inserts), lookups: sizes.lookups };
  const naive = await rounds(options, (n) =>
    rawServerRound(db, tableOf(`a${String(n)}`), naiveSizes, 1),
  );
  const same = await rounds(options, (n) =>
    rawServerRound(db, tableOf(`r${String(n)}`), sizes, BATCH),
  );
  return [
    heading(sizes, options),
    report(`store (engine, rdbms on ${server.name})`, store),
    report(
      `raw ${server.driver}, awaiting each statement (${String(naiveSizes.inserts)} autocommitted inserts, unprepared lookups)`,
      naive,
    ),
    report(
      `raw ${server.driver}, awaiting each statement (prepared, ${String(BATCH)} inserts per transaction)`,
      same,
    ),
  ];
}

/** `rdbms` store on PostgreSQL (worker thread, writes batched behind reads). */
export const postgresStoreBench: Bench = {
  name: 'store-postgres',
  async run(options) {
    const sizes: Sizes = { inserts: 5_000, lookups: 5_000 };
    const schema = `tributary_bench_${Date.now().toString(36)}`;
    const client = new pg.Client({ connectionString: POSTGRES });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    try {
      const url = new URL(POSTGRES);
      const jdbc = `jdbc:postgresql://${url.host}${url.pathname}?user=${url.username}&currentSchema=${schema}`;
      return await serverBench(
        options,
        sizes,
        { name: 'PostgreSQL', driver: 'pg', jdbc },
        rawPostgres(client),
        (name) => `${schema}.${name}`,
      );
    } finally {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    }
  },
};

/** `rdbms` store on MariaDB (worker thread, writes batched behind reads). */
export const mariadbStoreBench: Bench = {
  name: 'store-mariadb',
  async run(options) {
    const sizes: Sizes = { inserts: 5_000, lookups: 5_000 };
    const database = `tributary_bench_${Date.now().toString(36)}`;
    const connection = await mysql.createConnection(MARIADB);
    await connection.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4`);
    try {
      const url = new URL(MARIADB);
      const jdbc = `jdbc:mariadb://${url.host}/${database}?user=${url.username}`;
      return await serverBench(
        options,
        sizes,
        { name: 'MariaDB', driver: 'mysql2', jdbc },
        rawMariadb(connection),
        (name) => `${database}.${name}`,
      );
    } finally {
      await connection.query(`DROP DATABASE ${database}`);
      await connection.end();
    }
  },
};
