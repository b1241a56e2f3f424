// The worker thread behind `BridgeExecutor`: owns a TypeORM DataSource (the driver's connection
// pool) for one PostgreSQL or MariaDB/MySQL database and runs the jobs the main thread sends,
// in order per queue, the writes waiting in a queue committed together. Statements go straight
// to the raw driver connection (no TypeORM query runner per job) with bound values, prepared
// once per connection (pg named statements, mysql2's statement cache), on a connection kept
// between jobs.

import { Buffer } from 'node:buffer';
import { serveBlockingWorker } from '@tributary/engine/blocking-worker';
import { DataSource, type DataSourceOptions } from 'typeorm';
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

/** Main → worker: jobs (answered together), or a barrier answered once every queue is idle. */
export type WorkerRequest =
  { readonly kind: 'jobs'; readonly jobs: readonly SqlJob[] } | { readonly kind: 'barrier' };

/** Worker → main: the results of the jobs, in their order (none for a barrier). */
export type WorkerAnswer = readonly JobResult[] | undefined;

/** The part of pg's Client the worker uses. */
interface PgClient {
  query(config: {
    text: string;
    values: readonly unknown[];
    rowMode: 'array';
    name?: string;
  }): Promise<{ rows: unknown[][]; rowCount: number | null }>;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
}

/** The part of a mysql2 pool connection the worker uses. */
interface MysqlConnection {
  execute(
    options: { sql: string; values: readonly unknown[]; rowsAsArray: boolean },
    callback: (error: Error | null, result: unknown) => void,
  ): void;
  query(
    options: { sql: string; rowsAsArray: boolean },
    callback: (error: Error | null, result: unknown) => void,
  ): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
  release(): void;
  destroy(): void;
}

/** The TypeORM drivers' way to take a raw connection from their pool. */
interface PoolDriver {
  obtainMasterConnection(): Promise<unknown>;
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

/** Statement texts that run as PostgreSQL named (prepared) statements; beyond, unnamed. */
const MAX_NAMED = 2000;

/**
 * PostgreSQL names for statement texts: a named statement is parsed and planned once per
 * connection, then only bound and executed. The same text has the same name on every
 * connection of the worker.
 */
class StatementNames {
  readonly #names = new Map<string, string>();
  /** Texts whose prepared form the server refused (e.g. a table changed under it). */
  readonly #unnamed = new Set<string>();
  /** Names are never reused: a connection may still hold a forgotten one. */
  #next = 0;

  of(sql: string): string | undefined {
    let name = this.#names.get(sql);
    if (name === undefined && this.#next < MAX_NAMED && !this.#unnamed.has(sql)) {
      name = `tributary_${String(this.#next)}`;
      this.#next += 1;
      this.#names.set(sql, name);
    }
    return name;
  }

  /** Runs `sql` unnamed from now on. */
  forget(sql: string): void {
    this.#names.delete(sql);
    this.#unnamed.add(sql);
  }
}

/**
 * Errors of a prepared statement that the same text runs past unprepared: the result type of
 * a cached plan changed (0A000), or the server lost the statement (26000).
 */
function preparedStatementError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '0A000' || code === '26000';
}

/** True when the connection is unusable after `error` (not an error of the statement). */
function connectionError(kind: 'postgres' | 'mysql', error: unknown): boolean {
  const e = error as { code?: unknown; fatal?: unknown };
  if (kind === 'mysql') return e.fatal === true;
  // Server errors carry a five-character SQLSTATE; 08: connection exception, 57P: shutdown.
  const code = typeof e.code === 'string' ? e.code : '';
  return !/^[0-9A-Z]{5}$/.test(code) || code.startsWith('08') || code.startsWith('57P');
}

function pgExecute(client: PgClient, names: StatementNames): Execute {
  const run = async (sql: string, values: readonly SqlValue[], name: string | undefined) => {
    const result = await client.query({
      text: sql,
      values: values.map(driverValue),
      rowMode: 'array',
      ...(name === undefined ? {} : { name }),
    });
    return { rows: result.rows, changes: result.rowCount ?? 0 };
  };
  return async (sql, values) => {
    // Transaction control and DDL are not worth a name.
    const name = values.length === 0 ? undefined : names.of(sql);
    if (name === undefined) return run(sql, values, undefined);
    try {
      return await run(sql, values, name);
    } catch (error) {
      if (!preparedStatementError(error)) throw error;
      names.forget(sql);
      return run(sql, values, undefined);
    }
  };
}

function mysqlExecute(connection: MysqlConnection): Execute {
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
      // Statements without values (DDL, transaction control) are not all preparable; the
      // others are prepared once per connection (mysql2's statement cache).
      if (values.length === 0) connection.query({ sql, rowsAsArray: true }, done);
      else connection.execute({ sql, values: values.map(driverValue), rowsAsArray: true }, done);
    });
}

/** A raw driver connection taken from TypeORM's pool. */
interface Lease {
  readonly execute: Execute;
  /** When it was taken from the pool (performance.now()). */
  readonly since: number;
  /** Set once the connection failed; it is then destroyed instead of reused. */
  broken: boolean;
  /** Gives the connection back to the pool (destroying it when broken). */
  end(): void;
}

/** ms a connection is kept out of the pool at most (idle or not) before it goes back. */
const HOLD_MS = 1000;

/**
 * The driver connections jobs run on: taken from TypeORM's pool, and one of them kept for
 * the next job instead of going back to the pool (a table's reads and writes follow each other,
 * so the next job finds it at once, with its prepared statements). The kept one goes back
 * whenever another job waits for the pool, so a pool of one never starves, and after
 * `HOLD_MS`, so the pool's idle timeout and maximum lifetime still apply.
 */
class Connections {
  readonly #names = new StatementNames();
  #hot: Lease | undefined;
  #parkedAt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #waiting = 0;
  #closed = false;

  constructor(
    private readonly driver: PoolDriver,
    readonly kind: 'postgres' | 'mysql',
  ) {}

  async acquire(): Promise<Lease> {
    const hot = this.#hot;
    if (hot !== undefined) {
      this.#hot = undefined;
      return hot;
    }
    this.#waiting += 1;
    try {
      return this.#lease(await this.driver.obtainMasterConnection());
    } finally {
      this.#waiting -= 1;
    }
  }

  /** Takes back a connection after a job. */
  release(lease: Lease): void {
    const now = performance.now();
    if (
      lease.broken ||
      this.#closed ||
      this.#waiting > 0 ||
      this.#hot !== undefined ||
      now - lease.since > HOLD_MS
    ) {
      lease.end();
      return;
    }
    this.#hot = lease;
    this.#parkedAt = now;
    this.#arm();
  }

  /** Gives the kept connection back; later ones go back at once. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#drop();
  }

  #drop(): void {
    this.#hot?.end();
    this.#hot = undefined;
  }

  /** Gives the kept connection back once it has been idle for `HOLD_MS`. */
  #arm(): void {
    if (this.#timer !== undefined) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#hot === undefined) return;
      if (performance.now() - this.#parkedAt >= HOLD_MS) this.#drop();
      else this.#arm();
    }, HOLD_MS);
    this.#timer.unref();
  }

  #lease(connection: unknown): Lease {
    const onError = (): void => {
      lease.broken = true;
      if (this.#hot === lease) {
        this.#hot = undefined;
        lease.end();
      }
    };
    let end: () => void;
    let run: Execute;
    if (this.kind === 'postgres') {
      // PostgreSQL's driver gives the connection with its release function.
      const [client, release] = connection as [PgClient, (error?: Error) => void];
      client.on('error', onError);
      run = pgExecute(client, this.#names);
      end = () => {
        client.removeListener('error', onError);
        release(lease.broken ? new Error('connection failed') : undefined);
      };
    } else {
      const mysql = connection as MysqlConnection;
      mysql.on('error', onError);
      run = mysqlExecute(mysql);
      end = () => {
        mysql.removeListener('error', onError);
        if (lease.broken) mysql.destroy();
        else mysql.release();
      };
    }
    const execute: Execute = async (sql, values) => {
      try {
        return await run(sql, values);
      } catch (error) {
        if (connectionError(this.kind, error)) lease.broken = true;
        throw error;
      }
    };
    const lease: Lease = { execute, since: performance.now(), broken: false, end: once(end) };
    return lease;
  }
}

function once(f: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    f();
  };
}

/** What a step did, and whether a statement of it raised an error on the server. */
interface StepRun {
  readonly outcome: StepOutcome;
  /** Even a duplicate key counted as no change: it aborts a PostgreSQL transaction. */
  readonly raised: boolean;
}

async function runStep(execute: Execute, step: SqlStep): Promise<StepRun> {
  let changes: number;
  let raised = false;
  try {
    changes = (await execute(step.sql, step.values)).changes;
  } catch (error) {
    if (step.skipDuplicates !== true || !isDuplicate(error)) {
      return { outcome: { changes: 0, error: messageOf(error) }, raised: true };
    }
    changes = 0;
    raised = true;
  }
  if (changes > 0 || step.otherwise === undefined) return { outcome: { changes }, raised };
  const other = await runStep(execute, step.otherwise);
  return { outcome: { ...other.outcome, otherwise: true }, raised: raised || other.raised };
}

/** Runs `jobs` statement by statement; stops after the first that raised when `stop` says so. */
async function runJobSteps(
  execute: Execute,
  jobs: readonly SqlJob[],
  stop: boolean,
): Promise<JobResult[] | undefined> {
  const results: JobResult[] = [];
  for (const job of jobs) {
    const outcomes: StepOutcome[] = [];
    for (const step of job.steps) {
      const run = await runStep(execute, step);
      if (run.raised && stop) return undefined;
      outcomes.push(run.outcome);
    }
    results.push({ outcomes });
  }
  return results;
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
 * Runs write jobs queued together in one transaction (one commit for many small writes). Any
 * error, a skipped duplicate key included, aborts a PostgreSQL transaction: it is rolled back
 * and the jobs run again one by one, each statement on its own.
 */
async function runWrites(
  execute: Execute,
  kind: 'postgres' | 'mysql',
  jobs: readonly SqlJob[],
): Promise<JobResult[]> {
  if (jobs.length === 1 && jobs[0]?.steps.length === 1) {
    return (await runJobSteps(execute, jobs, false)) ?? [];
  }
  await execute(kind === 'postgres' ? 'BEGIN' : 'START TRANSACTION', []);
  const results = await runJobSteps(execute, jobs, kind === 'postgres');
  if (results === undefined) {
    await execute('ROLLBACK', []);
    return (await runJobSteps(execute, jobs, false)) ?? [];
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

  constructor(private readonly connections: Connections) {}

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
    // The other jobs of the same request join the queue first, to be committed with this one.
    await Promise.resolve();
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
    let lease: Lease | undefined;
    try {
      lease = await this.connections.acquire();
      const first = items[0];
      if (first === undefined) return;
      if (first.job.read === true) {
        first.answer(await runRead(lease.execute, first.job));
        return;
      }
      const results = await runWrites(
        lease.execute,
        this.connections.kind,
        items.map((i) => i.job),
      );
      items.forEach((item, i) => {
        item.answer(results[i] ?? { outcomes: [] });
      });
    } catch (error) {
      for (const item of items) item.fail(error);
    } finally {
      if (lease !== undefined) this.connections.release(lease);
    }
  }
}

/** A job that could not run: each of its steps failed with `error`. */
function failed(job: SqlJob, error: unknown): JobResult {
  return { outcomes: job.steps.map(() => ({ changes: 0, error: messageOf(error) })) };
}

/** Answers a request's jobs together, once each has run in its queue. */
function runJobs(queues: JobQueues, jobs: readonly SqlJob[]): Promise<JobResult[]> {
  return Promise.all(
    jobs.map(
      (job) =>
        new Promise<JobResult>((answer) => {
          queues.add({
            job,
            answer,
            fail: (error) => {
              answer(failed(job, error));
            },
          });
        }),
    ),
  );
}

serveBlockingWorker<WorkerRequest, WorkerAnswer>(async (data) => {
  const init = data as WorkerInit;
  const dataSource = new DataSource(options(init));
  await dataSource.initialize();
  const rows = await dataSource.query<{ v?: unknown }[]>('SELECT VERSION() AS v');
  const version = rows[0]?.v;
  const connections = new Connections(dataSource.driver, init.target.driver);
  const queues = new JobQueues(connections);
  return {
    hello: typeof version === 'string' ? version : '',
    handle(request, answer, fail) {
      if (request.kind === 'barrier') {
        void queues.idle().then(() => {
          answer(undefined);
        });
      } else {
        runJobs(queues, request.jobs).then(answer, fail);
      }
    },
    close: async () => {
      await queues.idle();
      connections.close();
      await dataSource.destroy();
    },
  };
});
