// On-demand selections on the `rdbms` store: `from T select symbol, sum(price) as total group by
// symbol order by total desc limit 10` over 100,000 rows (1,000 symbols), run in SQL (push-down)
// and by the engine over every found row (`pushDown: false`), on SQLite (in-process) and
// PostgreSQL (TRIBUTARY_BENCH_POSTGRES, default postgres://postgres@127.0.0.1:5432/test; skipped
// when unreachable). Queries/s over wall clock and per cpu-second of the bench process (the
// PostgreSQL server's work is not in the latter).

import { mkdtempSync, rmSync } from 'node:fs';
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
import { createRdbmsExtensions, type RdbmsExtensions } from '../stores/rdbms/src/index.js';
import { median, rate, type Bench, type BenchOptions } from './bench.js';

const POSTGRES = process.env.TRIBUTARY_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const ROWS = 100_000;
const SYMBOLS = 1000;
const QUERY =
  'from T select symbol, sum(price) as total group by symbol order by total desc limit 10';

/** Queries/s of one timed pass, over wall clock and over the process's cpu time. */
interface Rates {
  readonly perSecond: number;
  readonly perCpuSecond: number;
}

interface Store {
  readonly rdbms: RdbmsExtensions;
  readonly app: AppRuntime;
}

function started(url: string, pushDown: boolean): Store {
  const rdbms = createRdbmsExtensions({ pushDown });
  const created = createEngine({
    timeService: new VirtualClock(0),
    logger: silentLogger,
    extensions: createRegistry(builtinExtensions, {
      package: '@tributary/store-rdbms',
      version: '0.1.0',
      extensions: rdbms.extensions,
    }),
  }).createApp(`
    define stream S (symbol string, price double, volume long);
    @store(type='rdbms', jdbc.url='${url}', table.name='selection_bench')
    define table T (symbol string, price double, volume long);
    from S insert into T;`);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
  created.app.start();
  return { rdbms, app: created.app };
}

/** Fills the table through the push-down app; returns once every row is stored. */
function fill(app: AppRuntime): void {
  const input = app.input('S');
  const batch: unknown[][] = [];
  for (let i = 0; i < ROWS; i += 1) {
    // Prices in quarters: every sum is exact, so both paths must agree to the bit.
    batch.push([`SYM${String(i % SYMBOLS)}`, ((i * 7919) % 4000) / 4, i]);
    if (batch.length === 1000) input.sendBatch(batch.splice(0));
  }
  const count = app.query('from T select count() as n')[0]?.[0];
  if (count !== ROWS) throw new Error(`expected ${String(ROWS)} rows, got ${String(count)}`);
}

function timed(app: AppRuntime, queries: number): Rates {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < queries; i += 1) app.query(QUERY);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  return {
    perSecond: (queries * 1000) / wallMs,
    perCpuSecond: (queries * 1e6) / Math.max(1, cpu.user + cpu.system),
  };
}

function rounds(options: BenchOptions, app: AppRuntime, queries: number): Rates[] {
  const out: Rates[] = [];
  for (let n = 0; n < options.warmupRounds + options.rounds; n += 1) {
    const rates = timed(app, queries);
    if (n >= options.warmupRounds) out.push(rates);
  }
  return out;
}

function line(label: string, runs: readonly Rates[]): string {
  const perSecond = median(runs.map((r) => r.perSecond));
  const perCpu = median(runs.map((r) => r.perCpuSecond));
  return `${label}: ${rate(perSecond)} queries/s (${rate(perCpu)} per cpu-second)`;
}

async function measure(url: string, options: BenchOptions, what: string): Promise<string[]> {
  const pushed = started(url, true);
  const engine = started(url, false);
  try {
    fill(pushed.app);
    const expected = JSON.stringify(engine.app.query(QUERY));
    if (JSON.stringify(pushed.app.query(QUERY)) !== expected) {
      throw new Error('the push-down and the engine path disagree');
    }
    const inSql = rounds(options, pushed.app, 50);
    const inEngine = rounds(options, engine.app, 5);
    const ratio = median(inSql.map((r) => r.perSecond)) / median(inEngine.map((r) => r.perSecond));
    return [
      `${QUERY} over ${rate(ROWS)} rows (${String(SYMBOLS)} symbols) on ${what}, median of ${String(options.rounds)}`,
      line('push-down (SQL GROUP BY/ORDER BY/LIMIT)', inSql),
      line('engine path (every row fetched)', inEngine),
      `push-down/engine: ${ratio.toFixed(1)}x`,
    ];
  } finally {
    for (const store of [pushed, engine]) {
      await store.app.shutdown();
      await store.rdbms.close();
    }
  }
}

/** On SQLite: a fresh file. */
export const sqliteSelectionBench: Bench = {
  name: 'store-sqlite-select',
  async run(options) {
    const folder = mkdtempSync(join(tmpdir(), 'tributary-bench-select-'));
    try {
      return await measure(`jdbc:sqlite:${join(folder, 'bench.db')}`, options, 'SQLite');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};

/** On PostgreSQL: a fresh schema, dropped afterwards. */
export const postgresSelectionBench: Bench = {
  name: 'store-postgres-select',
  async run(options) {
    const client = new pg.Client({ connectionString: POSTGRES });
    try {
      await client.connect();
    } catch (error) {
      return [`skipped: PostgreSQL unreachable at ${POSTGRES} (${String(error)})`];
    }
    const schema = `tributary_bench_select_${Date.now().toString(36)}`;
    await client.query(`CREATE SCHEMA ${schema}`);
    try {
      const url = new URL(POSTGRES);
      const jdbc = `jdbc:postgresql://${url.host}${url.pathname}?user=${url.username}&currentSchema=${schema}`;
      return await measure(jdbc, options, 'PostgreSQL');
    } finally {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    }
  },
};
