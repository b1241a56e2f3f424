// PostgreSQL and MariaDB/MySQL clients are asynchronous, the record-table SPI is synchronous:
// the driver runs on a worker thread (sql-worker.ts) behind the engine's BlockingWorker. Writes
// are sent without waiting (written behind, in order per table), gathered into one message per
// turn of the event loop; a read posts the writes gathered before it, then waits for its rows,
// so every read sees them.

import {
  BlockingWorker,
  BlockingWorkerError,
  siblingWorkerEntry,
} from '@tributary/engine/extension-api';
import type { ServerTarget } from './jdbc-url.js';
import { SqlJobError, type JobResult, type SqlExecutor, type SqlJob } from './sql-executor.js';
import type { WorkerAnswer, WorkerInit, WorkerRequest } from './sql-worker.js';

/** How to reach the server. */
export interface BridgeOptions {
  readonly target: ServerTarget;
  readonly username?: string;
  readonly password?: string;
  readonly pool: Readonly<Record<string, number>>;
  /** ms to wait for connecting (default 30 000). */
  readonly connectTimeoutMs?: number;
  /** ms one blocking call may wait for its reply (default 60 000). */
  readonly callTimeoutMs?: number;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Write jobs gathered at most before they are posted (the worker commits up to 500 at once). */
const POST_BATCH = 500;

interface Gathered {
  readonly job: SqlJob;
  readonly done: (result: JobResult) => void;
}

/** A job that did not run: each of its steps failed with `error`. */
function failed(job: SqlJob, error: unknown): JobResult {
  return { outcomes: job.steps.map(() => ({ changes: 0, error: messageOf(error) })) };
}

/**
 * Runs jobs on a database server through a worker thread, synchronously.
 * @example
 * const pg = new BridgeExecutor({ target: parseJdbcUrl('jdbc:postgresql://127.0.0.1/test') as ServerTarget, pool: {} });
 * pg.run({ queue: 'T', steps: [{ sql: 'SELECT $1::int + 1', values: [1] }], read: true }).rows; // [[2]]
 */
export class BridgeExecutor implements SqlExecutor {
  readonly serverFlavour: 'postgres' | 'mysql' | 'mariadb';
  /** The server's version string. */
  readonly version: string;
  readonly #worker: BlockingWorker<WorkerRequest, WorkerAnswer>;
  #gathered: Gathered[] = [];
  #scheduled = false;
  #closed = false;

  constructor(options: BridgeOptions) {
    const init: WorkerInit = {
      target: options.target,
      ...(options.username === undefined ? {} : { username: options.username }),
      ...(options.password === undefined ? {} : { password: options.password }),
      pool: options.pool,
    };
    const entry = siblingWorkerEntry(import.meta.url, 'sql-worker');
    try {
      this.#worker = new BlockingWorker(entry.entry, {
        eval: entry.eval,
        execArgv: entry.execArgv,
        workerData: init,
        ...(options.connectTimeoutMs === undefined
          ? {}
          : { startTimeoutMs: options.connectTimeoutMs }),
        ...(options.callTimeoutMs === undefined ? {} : { callTimeoutMs: options.callTimeoutMs }),
      });
    } catch (error) {
      throw new SqlJobError(`cannot connect to ${options.target.flavour}: ${messageOf(error)}`, {
        cause: error,
      });
    }
    const hello = this.#worker.hello;
    const version = typeof hello === 'string' ? hello : '';
    this.version = version;
    this.serverFlavour =
      options.target.driver === 'postgres'
        ? 'postgres'
        : /mariadb/i.test(version)
          ? 'mariadb'
          : 'mysql';
  }

  run(job: SqlJob): JobResult {
    this.#post();
    let results: WorkerAnswer;
    try {
      results = this.#worker.call({ kind: 'jobs', jobs: [job] });
    } catch (error) {
      if (error instanceof BlockingWorkerError) throw new SqlJobError(error.message);
      throw error;
    }
    const outcome = results?.[0] ?? { outcomes: [] };
    const failure = outcome.outcomes.find((o) => o.error !== undefined);
    if (job.read === true && failure?.error !== undefined) throw new SqlJobError(failure.error);
    return outcome;
  }

  submit(job: SqlJob, done: (result: JobResult) => void): void {
    if (this.#closed) throw new SqlJobError('the worker is closed');
    this.#gathered.push({ job, done });
    if (this.#gathered.length >= POST_BATCH) {
      this.#post();
    } else if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => {
        this.#scheduled = false;
        this.#post();
      });
    }
  }

  /** Posts the gathered writes in one message. */
  #post(): void {
    const gathered = this.#gathered;
    if (gathered.length === 0) return;
    this.#gathered = [];
    const jobs = gathered.map((g) => g.job);
    try {
      this.#worker.send({ kind: 'jobs', jobs }, (answer) => {
        gathered.forEach((g, i) => {
          g.done(
            answer instanceof Error ? failed(g.job, answer) : (answer?.[i] ?? { outcomes: [] }),
          );
        });
      });
    } catch (error) {
      for (const g of gathered) g.done(failed(g.job, error));
    }
  }

  flush(): void {
    this.#post();
    if (this.#worker.pending > 0) this.#worker.call({ kind: 'barrier' });
  }

  close(): Promise<void> {
    this.#post();
    this.#closed = true;
    return this.#worker.close();
  }
}
