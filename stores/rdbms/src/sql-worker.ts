// The worker thread behind `BridgeExecutor`: owns a TypeORM DataSource (the driver's connection
// pool) for one PostgreSQL or MariaDB/MySQL database and runs the jobs the main thread posts,
// in order per queue. Statements go to the driver with bound values (pg's extended protocol,
// mysql2's prepared statements). After posting each reply it bumps a shared counter, which is
// what the blocked main thread waits on.

import { Buffer } from 'node:buffer';
import { workerData, type MessagePort } from 'node:worker_threads';
import { DataSource, type DataSourceOptions, type QueryRunner } from 'typeorm';
import type { SqlValue } from './dialect.js';
import type { JobResult, SqlJob, SqlStep, StepOutcome } from './sql-executor.js';
import type { ServerTarget } from './jdbc-url.js';

/** What the main thread passes to the worker. */
export interface WorkerInit {
  readonly target: ServerTarget;
  readonly username?: string;
  readonly password?: string;
  /** Pool settings: `max`, `min`, `idleTimeoutMillis`, `connectionTimeoutMillis`. */
  readonly pool: Readonly<Record<string, number>>;
  readonly port: MessagePort;
  readonly signal: SharedArrayBuffer;
}

/** Main → worker. */
export type WorkerRequest =
  | { readonly id: number; readonly kind: 'job'; readonly job: SqlJob }
  | { readonly id: number; readonly kind: 'barrier' }
  | { readonly id: number; readonly kind: 'close' };

/** Worker → main (id 0: the start-up report). */
export interface WorkerReply {
  readonly id: number;
  readonly result?: JobResult;
  readonly error?: string;
  /** The start-up report: the server's version string. */
  readonly version?: string;
}

interface PgClient {
  query(config: {
    text: string;
    values: readonly unknown[];
    rowMode: 'array';
  }): Promise<{ rows: unknown[][]; rowCount: number | null }>;
}

interface MysqlConnection {
  execute(
    options: { sql: string; values: readonly unknown[]; rowsAsArray: boolean },
    callback: (error: Error | null, result: unknown) => void,
  ): void;
  query(
    options: { sql: string; rowsAsArray: boolean },
    callback: (error: Error | null, result: unknown) => void,
  ): void;
}

/** One statement on one connection: rows and changed-row count. */
type Execute = (
  sql: string,
  values: readonly SqlValue[],
) => Promise<{ rows: unknown[][]; changes: number }>;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isDuplicate(error: unknown): boolean {
  const e = error as { code?: unknown; errno?: unknown };
  return e.code === '23505' || e.code === 'ER_DUP_ENTRY' || e.errno === 1062;
}

function driverValue(value: SqlValue): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value;
}

function options(init: WorkerInit): DataSourceOptions {
  const { target, pool } = init;
  const credentials = {
    host: target.host,
    port: target.port,
    database: target.database,
    ...(init.username === undefined ? {} : { username: init.username }),
    ...(init.password === undefined ? {} : { password: init.password }),
  };
  if (target.driver === 'postgres') {
    return {
      type: 'postgres',
      ...credentials,
      ...(target.schema === undefined ? {} : { schema: target.schema }),
      ...(pool.max === undefined ? {} : { poolSize: pool.max }),
      extra: pool,
    };
  }
  return {
    type: target.flavour === 'mariadb' ? 'mariadb' : 'mysql',
    ...credentials,
    charset: 'utf8mb4',
    ...(pool.max === undefined ? {} : { poolSize: pool.max }),
    extra: {
      ...(pool.max === undefined ? {} : { connectionLimit: pool.max }),
      ...(pool.connectionTimeoutMillis === undefined
        ? {}
        : { connectTimeout: pool.connectionTimeoutMillis }),
      ...(pool.idleTimeoutMillis === undefined ? {} : { idleTimeout: pool.idleTimeoutMillis }),
    },
  };
}

/** Runs statements on the raw driver connection a TypeORM query runner holds. */
function executorOf(kind: 'postgres' | 'mysql', connection: unknown): Execute {
  if (kind === 'postgres') {
    const client = connection as PgClient;
    return async (sql, values) => {
      const result = await client.query({ text: sql, values: values.map(driverValue), rowMode: 'array' });
      return { rows: result.rows, changes: result.rowCount ?? 0 };
    };
  }
  const mysql = connection as MysqlConnection;
  return (sql, values) =>
    new Promise((resolve, reject) => {
      const done = (error: Error | null, result: unknown): void => {
        if (error !== null) {
          reject(error);
        } else if (Array.isArray(result)) {
          resolve({ rows: result as unknown[][], changes: 0 });
        } else {
          resolve({ rows: [], changes: (result as { affectedRows?: number }).affectedRows ?? 0 });
        }
      };
      // Statements without values (DDL, transaction control) are not all preparable.
      if (values.length === 0) mysql.query({ sql, rowsAsArray: true }, done);
      else mysql.execute({ sql, values: values.map(driverValue), rowsAsArray: true }, done);
    });
}

async function runStep(execute: Execute, step: SqlStep): Promise<StepOutcome> {
  let changes: number;
  try {
    changes = (await execute(step.sql, step.values)).changes;
  } catch (error) {
    if (step.skipDuplicates === true && isDuplicate(error)) changes = 0;
    else return { changes: 0, error: messageOf(error) };
  }
  if (changes > 0 || step.otherwise === undefined) return { changes };
  return { ...(await runStep(execute, step.otherwise)), otherwise: true };
}

/** Runs one job on a connection of the pool. */
async function runJob(
  dataSource: DataSource,
  kind: 'postgres' | 'mysql',
  job: SqlJob,
): Promise<JobResult> {
  const runner: QueryRunner = dataSource.createQueryRunner();
  try {
    const execute = executorOf(kind, await runner.connect());
    if (job.read === true) {
      // Every step runs on this connection (e.g. an insert, then LAST_INSERT_ID()).
      let rows: unknown[][] = [];
      const outcomes: StepOutcome[] = [];
      for (const step of job.steps) {
        const result = await execute(step.sql, step.values);
        rows = result.rows;
        outcomes.push({ changes: result.changes });
      }
      return { rows, outcomes };
    }
    if (job.steps.length === 1) return { outcomes: [await runStep(execute, job.steps[0] as SqlStep)] };
    await execute(kind === 'postgres' ? 'BEGIN' : 'START TRANSACTION', []);
    const outcomes: StepOutcome[] = [];
    for (const step of job.steps) outcomes.push(await runStep(execute, step));
    if (kind === 'postgres' && outcomes.some((o) => o.error !== undefined)) {
      // A failed statement aborts a PostgreSQL transaction: run the steps one by one instead.
      await execute('ROLLBACK', []);
      const alone: StepOutcome[] = [];
      for (const step of job.steps) alone.push(await runStep(execute, step));
      return { outcomes: alone };
    }
    await execute('COMMIT', []);
    return { outcomes };
  } finally {
    await runner.release();
  }
}

async function main(init: WorkerInit): Promise<void> {
  const port = init.port;
  const signal = new Int32Array(init.signal);
  const reply = (message: WorkerReply): void => {
    port.postMessage(message);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  };
  const kind = init.target.driver;
  const dataSource = new DataSource(options(init));
  let version = '';
  try {
    await dataSource.initialize();
    const rows = (await dataSource.query('SELECT VERSION() AS v')) as { v?: unknown }[];
    version = String(rows[0]?.v ?? '');
  } catch (error) {
    reply({ id: 0, error: messageOf(error) });
    port.close();
    return;
  }
  reply({ id: 0, version });
  const queues = new Map<string, Promise<void>>();
  const enqueue = (queue: string, work: () => Promise<void>): void => {
    const next = (queues.get(queue) ?? Promise.resolve()).then(work);
    queues.set(queue, next);
    void next.then(() => {
      if (queues.get(queue) === next) queues.delete(queue);
    });
  };
  port.on('message', (request: WorkerRequest) => {
    switch (request.kind) {
      case 'job':
        enqueue(request.job.queue, async () => {
          try {
            reply({ id: request.id, result: await runJob(dataSource, kind, request.job) });
          } catch (error) {
            reply({ id: request.id, error: messageOf(error) });
          }
        });
        break;
      case 'barrier':
        void Promise.all([...queues.values()]).then(() => {
          reply({ id: request.id });
        });
        break;
      case 'close':
        void Promise.all([...queues.values()])
          .then(() => dataSource.destroy())
          .catch(() => undefined)
          .then(() => {
            reply({ id: request.id });
            port.close();
          });
        break;
    }
  });
}

await main(workerData as WorkerInit);
