// CDC throughput: an app with a `cdc` source (listening) → a query → an `inMemory` sink nobody
// logs, beside the raw client doing the same work (decode, compute, acknowledge each commit),
// each run reading the same rows written beforehand (zero lag). `cdc-postgres`: pgoutput from
// its own slot against raw pg-logical-replication (test/support/pg-logical.ts); `cdc-mariadb`:
// the binlog from a saved position against raw zongji (test/support/mariadb-binlog.ts).

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  inMemoryBroker,
  silentLogger,
} from '@tributary/engine';
import { InMemoryPersistenceStore } from '@tributary/engine';
import ZongJi, { type AnyBinlogEvent, type WriteRowsEvent } from '@vlasky/zongji';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { LogicalReplicationService, PgoutputPlugin, type Pgoutput } from 'pg-logical-replication';
import { extensions as cdcExtensions } from '../connectors/cdc/src/index.js';
import { extensions as textExtensions } from '../mappers/text/src/index.js';
import { startBinlogMariaDb, type BinlogMariaDb } from '../test/support/mariadb-binlog.js';
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

function mariaApp(maria: BinlogMariaDb, topic: string): string {
  return `@app:name('CdcMariaBench')
@source(type='cdc', url='${maria.url}', username='${maria.user.name}', password='${maria.user.password}',
        table.name='${TABLE}', operation='insert', @map(type='keyvalue'))
define stream Trades (id int, symbol string, price double, volume long);
@sink(type='inMemory', topic='${topic}')
define stream Notional (id int, symbol string, notional double);
from Trades select id, symbol, price * volume as notional insert into Notional;`;
}

function mariaEngine(store: InMemoryPersistenceStore) {
  return createEngine({
    extensions: createRegistry(
      builtinExtensions,
      { package: '@tributary/connector-cdc', version: '0.1.0', extensions: cdcExtensions },
      { package: '@tributary/mapper-text', version: '0.1.0', extensions: textExtensions },
    ),
    logger: silentLogger,
    persistence: { store },
  });
}

/**
 * One round: the app saves its position (the binlog end) and stops, the rows are written, and
 * the raw client gets the same position; both then read the rows from there.
 */
async function prepareMariaRound(
  maria: BinlogMariaDb,
  db: mysql.Connection,
  round: number,
): Promise<{ store: InMemoryPersistenceStore; file: string; position: number }> {
  const store = new InMemoryPersistenceStore();
  const created = mariaEngine(store).createApp(mariaApp(maria, `maria_${String(round)}`));
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  created.app.start();
  await created.app.whenConnected();
  await created.app.persist();
  await created.app.shutdown();
  const [logs] = await db.query('SHOW BINARY LOGS');
  const last = (logs as { Log_name: string; File_size: number | string }[]).at(-1);
  if (last === undefined) throw new Error('no binlog');
  const base = round * ROWS;
  for (let start = 0; start < ROWS; start += PER_TRANSACTION) {
    const from = base + start + 1;
    const to = base + Math.min(start + PER_TRANSACTION, ROWS);
    await db.query(
      `INSERT INTO ${TABLE} (id, symbol, price, volume) ` +
        "SELECT seq, CONCAT('S', seq % 50), (seq % 1000) / 10, seq % 10000 " +
        `FROM seq_${String(from)}_to_${String(to)}`,
    );
  }
  return { store, file: last.Log_name, position: Number(last.File_size) };
}

async function mariaEngineRun(
  maria: BinlogMariaDb,
  store: InMemoryPersistenceStore,
  topic: string,
): Promise<Run> {
  const created = mariaEngine(store).createApp(mariaApp(maria, topic));
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('\n'));
  const app = created.app;
  await app.restoreLastRevision();
  let received = 0;
  const unsubscribe = inMemoryBroker.subscribe(topic, () => {
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

async function mariaRawRun(
  maria: BinlogMariaDb,
  from: { readonly file: string; readonly position: number },
): Promise<Run> {
  const zongji = new ZongJi({
    host: '127.0.0.1',
    port: maria.port,
    user: maria.user.name,
    password: maria.user.password,
    dateStrings: false,
    timezone: 'Z',
    jsonStrings: true,
    supportBigNumbers: true,
    charset: 'utf8mb4',
  });
  let received = 0;
  let checksum = 0;
  let acknowledged = { file: from.file, position: from.position };
  zongji.on('binlog', (event: AnyBinlogEvent) => {
    const name = event.getEventName();
    if (name === 'writerows') {
      for (const row of (event as WriteRowsEvent).rows) {
        checksum += Number(row.price) * Number(row.volume);
        received += 1;
      }
    } else if (name === 'xid') {
      acknowledged = {
        file: zongji.options.filename ?? '',
        position: zongji.options.position ?? 0,
      };
    }
  });
  zongji.on('error', () => undefined);
  try {
    const run = await timed(async () => {
      zongji.start({
        serverId: 7001,
        filename: from.file,
        position: from.position,
        includeEvents: ['rotate', 'tablemap', 'writerows', 'xid'],
        includeSchema: { [maria.database]: [TABLE] },
      });
      await until(
        () => received >= ROWS,
        () => `raw: ${String(received)} of ${String(ROWS)}`,
      );
    });
    if (!Number.isFinite(checksum) || acknowledged.file === '') {
      throw new Error('raw run computed no notional');
    }
    return run;
  } finally {
    await new Promise<void>((resolve) => {
      zongji.once('stopped', () => {
        resolve();
      });
      zongji.stop();
    });
  }
}

async function runCdcMariaDbBench(options: BenchOptions): Promise<readonly string[]> {
  const maria = await startBinlogMariaDb({ cpus: '0' });
  const db = await mysql.createConnection(maria.root);
  try {
    await db.query(
      `CREATE TABLE ${TABLE} (id int PRIMARY KEY, symbol varchar(8), price decimal(10,2), volume bigint)`,
    );
    const engineRuns: Run[] = [];
    const rawRuns: Run[] = [];
    const total = options.warmupRounds + options.rounds;
    for (let round = 0; round < total; round += 1) {
      const prepared = await prepareMariaRound(maria, db, round);
      const e = await mariaEngineRun(maria, prepared.store, `maria_${String(round)}`);
      const raw = await mariaRawRun(maria, prepared);
      if (round >= options.warmupRounds) {
        engineRuns.push(e);
        rawRuns.push(raw);
      }
    }
    const engineRate = median(engineRuns.map((r) => ROWS / r.ms));
    const rawRate = median(rawRuns.map((r) => ROWS / r.ms));
    return [
      `@source(type='cdc', url='jdbc:mariadb://…', operation='insert', @map(type='keyvalue')) Trades → select id, symbol, price * volume → @sink(type='inMemory') Notional`,
      `${rate(ROWS)} inserted rows (decimal, bigint, varchar columns) in transactions of ${rate(PER_TRANSACTION)}, written before each run (zero lag) ` +
        'after the app saved its position; MariaDB ROW binlog; ' +
        `${String(options.warmupRounds)} warm-up + ${String(options.rounds)} timed runs, each from app start (restored) to the last row at the sink`,
      describeRuns('engine   ', engineRuns),
      describeRuns('raw zongji', rawRuns),
      `ratio raw / engine: throughput ${(rawRate / engineRate).toFixed(2)}x`,
    ];
  } finally {
    await db.end().catch(() => undefined);
    await maria.stop();
  }
}

/** The CDC bench on MariaDB's binlog (starts its own server, on core 0 when taskset is there). */
export const cdcMariaDbBench: Bench = {
  name: 'cdc-mariadb',
  run: runCdcMariaDbBench,
};
