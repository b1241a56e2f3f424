// CDC throughput from PostgreSQL: an app with a `cdc` source (listening, pgoutput) → a query →
// an `inMemory` sink nobody logs, beside raw pg-logical-replication doing the same work
// (decode, compute, acknowledge each commit). Each run reads the same rows from its own slot,
// written beforehand (zero lag). Starts its own PostgreSQL cluster (test/support/pg-logical.ts).

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  inMemoryBroker,
  silentLogger,
} from '@tributary/engine';
import pg from 'pg';
import { LogicalReplicationService, PgoutputPlugin, type Pgoutput } from 'pg-logical-replication';
import { extensions as cdcExtensions } from '../connectors/cdc/src/index.js';
import { extensions as textExtensions } from '../mappers/text/src/index.js';
import { startLogicalPostgres, type LogicalPostgres } from '../test/support/pg-logical.js';
import { median, rate, type Bench, type BenchOptions } from './bench.js';

const ROWS = Number(process.env.CDC_BENCH_ROWS ?? 100_000);
const PER_TRANSACTION = 1_000;
const TABLE = 'bench_trades';
const PUBLICATION = 'bench_pub';
const TIMEOUT_MS = 180_000;

interface Run {
  readonly ms: number;
  readonly cpuMs: number;
}

async function timed(work: () => Promise<void>): Promise<Run> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function until(ready: () => boolean, what: () => string): Promise<void> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Creates the two slots of a round, then writes the rows both will read. */
async function prepareRound(
  db: pg.Client,
  round: number,
): Promise<{ engine: string; raw: string }> {
  const slots = { engine: `bench_engine_${String(round)}`, raw: `bench_raw_${String(round)}` };
  for (const slot of [slots.engine, slots.raw]) {
    await db.query("SELECT pg_create_logical_replication_slot($1, 'pgoutput')", [slot]);
  }
  const base = round * ROWS;
  for (let start = 0; start < ROWS; start += PER_TRANSACTION) {
    await db.query(
      `INSERT INTO ${TABLE} (id, symbol, price, volume) ` +
        `SELECT g, 'S' || (g % 50), (g % 1000) / 10.0, g % 10000 ` +
        'FROM generate_series($1::int, $2::int) AS g',
      [base + start + 1, base + Math.min(start + PER_TRANSACTION, ROWS)],
    );
  }
  return slots;
}

async function engineRun(cluster: LogicalPostgres, slot: string): Promise<Run> {
  const engine = createEngine({
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/connector-cdc', version: '0.1.0', extensions: cdcExtensions },
      { package: '@tributary/mapper-text', version: '0.1.0', extensions: textExtensions },
    ),
    logger: silentLogger,
  });
  const created = engine.createApp(`@app:name('CdcBench')
@source(type='cdc', url='${cluster.url}', username='postgres', password='', table.name='${TABLE}',
        operation='insert', slot.name='${slot}', publication.name='${PUBLICATION}', @map(type='keyvalue'))
define stream Trades (id int, symbol string, price double, volume long);
@sink(type='inMemory', topic='${slot}')
define stream Notional (id int, symbol string, notional double);
from Trades select id, symbol, price * volume as notional insert into Notional;`);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  const app = created.app;
  let received = 0;
  const unsubscribe = inMemoryBroker.subscribe(slot, () => {
    received += 1;
  });
  try {
    return await timed(async () => {
      app.start();
      await app.whenConnected();
      await until(
        () => received >= ROWS,
        () => `engine: ${String(received)} of ${String(ROWS)}`,
      );
    });
  } finally {
    unsubscribe();
    await app.shutdown();
  }
}

async function rawRun(cluster: LogicalPostgres, slot: string): Promise<Run> {
  const service = new LogicalReplicationService(cluster.client, {
    acknowledge: { auto: false, timeoutSeconds: 0 },
    flowControl: { enabled: true },
  });
  const plugin = new PgoutputPlugin({ protoVersion: 1, publicationNames: [PUBLICATION] });
  let received = 0;
  let checksum = 0;
  service.on('data', (lsn: string, message: Pgoutput.Message) => {
    if (message.tag === 'insert') {
      const row = message.new as { price: number; volume: string };
      checksum += row.price * Number(row.volume);
      received += 1;
    } else if (message.tag === 'commit' && message.commitEndLsn !== null) {
      void service.acknowledge(message.commitEndLsn);
    }
  });
  service.on('error', () => undefined);
  try {
    const run = await timed(async () => {
      void service.subscribe(plugin, slot).catch(() => undefined);
      await until(
        () => received >= ROWS,
        () => `raw: ${String(received)} of ${String(ROWS)}`,
      );
    });
    if (!Number.isFinite(checksum)) throw new Error('raw run computed no notional');
    return run;
  } finally {
    await service.destroy();
  }
}

function describeRuns(label: string, runs: readonly Run[]): string {
  const rates = runs.map((r) => (ROWS * 1000) / r.ms);
  const cpu = runs.map((r) => (r.cpuMs * 100_000) / ROWS);
  return (
    `${label}: ${rate(median(rates))} rows/s (min ${rate(Math.min(...rates))}, max ${rate(Math.max(...rates))}); ` +
    `CPU ${median(cpu).toFixed(0)} ms per 100k rows`
  );
}

async function runCdcBench(options: BenchOptions): Promise<readonly string[]> {
  const cluster = await startLogicalPostgres();
  const db = new pg.Client(cluster.client);
  db.on('error', () => undefined);
  try {
    await db.connect();
    await db.query(
      `CREATE TABLE ${TABLE} (id int PRIMARY KEY, symbol text, price numeric(10,2), volume int8)`,
    );
    await db.query(`CREATE PUBLICATION ${PUBLICATION} FOR TABLE ${TABLE}`);
    const engineRuns: Run[] = [];
    const rawRuns: Run[] = [];
    const total = options.warmupRounds + options.rounds;
    for (let round = 0; round < total; round += 1) {
      const slots = await prepareRound(db, round);
      const e = await engineRun(cluster, slots.engine);
      const raw = await rawRun(cluster, slots.raw);
      for (const slot of [slots.engine, slots.raw]) {
        await db.query('SELECT pg_drop_replication_slot($1)', [slot]);
      }
      if (round >= options.warmupRounds) {
        engineRuns.push(e);
        rawRuns.push(raw);
      }
    }
    const engineRate = median(engineRuns.map((r) => ROWS / r.ms));
    const rawRate = median(rawRuns.map((r) => ROWS / r.ms));
    return [
      `@source(type='cdc', operation='insert', @map(type='keyvalue')) Trades → select id, symbol, price * volume → @sink(type='inMemory') Notional`,
      `${rate(ROWS)} inserted rows (numeric, int8, text columns) in transactions of ${rate(PER_TRANSACTION)}, written before each run (zero lag); ` +
        `${String(options.warmupRounds)} warm-up + ${String(options.rounds)} timed runs, each from app start to the last row at the sink`,
      describeRuns('engine                  ', engineRuns),
      describeRuns('raw pg-logical-replication', rawRuns),
      `ratio raw / engine: throughput ${(rawRate / engineRate).toFixed(2)}x`,
    ];
  } finally {
    await db.end().catch(() => undefined);
    await cluster.stop();
  }
}

/** The CDC bench (starts its own PostgreSQL cluster with wal_level=logical). */
export const cdcBench: Bench = {
  name: 'cdc-postgres',
  run: runCdcBench,
};
