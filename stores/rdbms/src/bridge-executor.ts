// PostgreSQL and MariaDB/MySQL clients are asynchronous, the record-table SPI is synchronous:
// the driver runs on a worker thread (sql-worker.ts) behind the engine's BlockingWorker. Writes
// are sent without waiting (written behind, in order per table); a read waits for the writes
// queued before it, so every read sees them.

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
    let result: WorkerAnswer;
    try {
      result = this.#worker.call({ kind: 'job', job });
    } catch (error) {
      if (error instanceof BlockingWorkerError) throw new SqlJobError(error.message);
      throw error;
    }
    const outcome = result ?? { outcomes: [] };
    const failed = outcome.outcomes.find((o) => o.error !== undefined);
    if (job.read === true && failed?.error !== undefined) throw new SqlJobError(failed.error);
    return outcome;
  }

  submit(job: SqlJob, done: (result: JobResult) => void): void {
    this.#worker.send({ kind: 'job', job }, (answer) => {
      done(
        answer instanceof Error
          ? { outcomes: job.steps.map(() => ({ changes: 0, error: answer.message })) }
          : (answer ?? { outcomes: [] }),
      );
    });
  }

  flush(): void {
    if (this.#worker.pending > 0) this.#worker.call({ kind: 'barrier' });
  }

  close(): Promise<void> {
    return this.#worker.close();
  }
}
