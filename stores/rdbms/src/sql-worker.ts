// The worker thread behind `BridgeExecutor`: owns a TypeORM DataSource (the driver's connection
// pool) for one PostgreSQL or MariaDB/MySQL database and runs the jobs the main thread sends,
// in order per queue, the writes waiting in a queue committed together. Statements go to the
// driver with bound values (pg's extended protocol, mysql2's prepared statements).

import { Buffer } from 'node:buffer';
import { serveBlockingWorker } from '@tributary/engine/blocking-worker';
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
}

/** Main → worker: a job, or a barrier answered once every queue is idle. */
export type WorkerRequest =
  { readonly kind: 'job'; readonly job: SqlJob } | { readonly kind: 'barrier' };

/** Worker → main: a job's result (none for a barrier). */
export type WorkerAnswer = JobResult | undefined;

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
      const result = await client.query({
        text: sql,
        values: values.map(driverValue),
        rowMode: 'array',
      });
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

/** The most write jobs of one queue committed together. */
const BATCH = 500;

/** Runs the steps of a read job on one connection; the rows are the last step's. */
async function runRead(execute: Execute, job: SqlJob): Promise<JobResult> {
  let rows: unknown[][] = [];
  const outcomes: StepOutcome[] = [];
  for (const step of job.steps) {
    const result = await execute(step.sql, step.values);
    rows = result.rows;
    outcomes.push({ changes: result.changes });
  }
  return { rows, outcomes };
}

/**
 * Runs write jobs queued together in one transaction (one commit for many small writes). A
 * failed statement aborts a PostgreSQL transaction: the jobs then run again one by one, each
 * statement on its own.
 */
async function runWrites(
  execute: Execute,
  kind: 'postgres' | 'mysql',
  jobs: readonly SqlJob[],
): Promise<JobResult[]> {
  const single = jobs.length === 1 && jobs[0]?.steps.length === 1;
  if (!single) await execute(kind === 'postgres' ? 'BEGIN' : 'START TRANSACTION', []);
  const results: JobResult[] = [];
  for (const job of jobs) {
    const outcomes: StepOutcome[] = [];
    for (const step of job.steps) outcomes.push(await runStep(execute, step));
    results.push({ outcomes });
  }
  if (single) return results;
  const failed = results.some((r) => r.outcomes.some((o) => o.error !== undefined));
  if (kind === 'postgres' && failed) {
    await execute('ROLLBACK', []);
    const alone: JobResult[] = [];
    for (const job of jobs) {
      const outcomes: StepOutcome[] = [];
      for (const step of job.steps) outcomes.push(await runStep(execute, step));
      alone.push({ outcomes });
    }
    return alone;
  }
  await execute('COMMIT', []);
  return results;
}

interface Queued {
  readonly job: SqlJob;
  readonly answer: (result: JobResult) => void;
  readonly fail: (error: unknown) => void;
}

/** Per-queue order, with the writes waiting in a queue run together. */
class JobQueues {
  readonly #waiting = new Map<string, Queued[]>();
  readonly #idle: (() => void)[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly kind: 'postgres' | 'mysql',
  ) {}

  add(item: Queued): void {
    const queue = item.job.queue;
    const waiting = this.#waiting.get(queue);
    if (waiting !== undefined) {
      waiting.push(item);
      return;
    }
    this.#waiting.set(queue, [item]);
    void this.#drain(queue);
  }

  /** Resolves once no queue has work. */
  idle(): Promise<void> {
    if (this.#waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async #drain(queue: string): Promise<void> {
    const waiting = this.#waiting.get(queue) ?? [];
    for (let first = waiting[0]; first !== undefined; first = waiting[0]) {
      let count = 1;
      if (first.job.read !== true) {
        while (count < waiting.length && count < BATCH && waiting[count]?.job.read !== true) {
          count += 1;
        }
      }
      await this.#run(waiting.slice(0, count));
      waiting.splice(0, count);
    }
    this.#waiting.delete(queue);
    if (this.#waiting.size === 0) for (const resolve of this.#idle.splice(0)) resolve();
  }

  async #run(items: readonly Queued[]): Promise<void> {
    const runner: QueryRunner = this.dataSource.createQueryRunner();
    try {
      const execute = executorOf(this.kind, await runner.connect());
      const first = items[0];
      if (first === undefined) return;
      if (first.job.read === true) {
        first.answer(await runRead(execute, first.job));
        return;
      }
      const results = await runWrites(
        execute,
        this.kind,
        items.map((i) => i.job),
      );
      items.forEach((item, i) => {
        item.answer(results[i] ?? { outcomes: [] });
      });
    } catch (error) {
      for (const item of items) item.fail(error);
    } finally {
      await runner.release();
    }
  }
}

serveBlockingWorker<WorkerRequest, WorkerAnswer>(async (data) => {
  const init = data as WorkerInit;
  const kind = init.target.driver;
  const dataSource = new DataSource(options(init));
  await dataSource.initialize();
  const rows = await dataSource.query<{ v?: unknown }[]>('SELECT VERSION() AS v');
  const version = rows[0]?.v;
  const queues = new JobQueues(dataSource, kind);
  return {
    hello: typeof version === 'string' ? version : '',
    handle(request, answer, fail) {
      if (request.kind === 'barrier') {
        void queues.idle().then(() => {
          answer(undefined);
        });
      } else {
        queues.add({ job: request.job, answer, fail });
      }
    },
    close: async () => {
      await queues.idle();
      await dataSource.destroy();
    },
  };
});
