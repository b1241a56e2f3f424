// Promise-based access to a datasource, for the engine's asynchronous stores (persistence, error
// store): the same executors, dialects and bound statements as tables, one job at a time.

import { ConnectionRegistry, datasourceSettings, type RdbmsDatasource } from './datasource.js';
import { dialectOf, finishSql, type Dialect, type SqlValue } from './dialect.js';
import { SqlJobError, type JobResult, type SqlExecutor, type SqlStep } from './sql-executor.js';

/** Where a statement's value placeholders are written: `MARK` in the SQL, with their types. */
export interface AsyncSql {
  readonly dialect: Dialect;
  /** Runs statements in order on one connection; resolves with the last one's rows. */
  query(steps: readonly SqlStep[]): Promise<readonly (readonly unknown[])[]>;
  /** Runs statements in one transaction; resolves with the rows each changed. */
  execute(steps: readonly SqlStep[]): Promise<readonly number[]>;
  close(): Promise<void>;
}

/** Runs a job of `executor` without blocking. */
function runJob(
  executor: SqlExecutor,
  queue: string,
  steps: readonly SqlStep[],
  read: boolean,
): Promise<JobResult> {
  return new Promise<JobResult>((resolve, reject) => {
    executor.submit({ queue, steps, read }, (result) => {
      const failed = result.outcomes.find((o) => o.error !== undefined);
      if (failed?.error !== undefined) reject(new SqlJobError(failed.error));
      else resolve(result);
    });
  });
}

const registry = new ConnectionRegistry({ lingerMs: 0 });

/**
 * Opens a datasource for asynchronous use (a worker thread for server databases).
 * @example
 * const sql = openAsyncSql({ url: 'jdbc:sqlite:data/state.db' }, 'snapshots');
 * await sql.query([{ sql: 'SELECT 1', values: [] }]);
 */
export function openAsyncSql(datasource: RdbmsDatasource, queue: string): AsyncSql {
  const lease = registry.acquire(datasourceSettings(datasource));
  const executor = lease.executor;
  const dialect = dialectOf(datasourceSettings(datasource).target.driver, {
    binaryCollation: true,
    mariadb: executor.serverFlavour === 'mariadb',
  });
  return {
    dialect,
    async query(steps) {
      return (await runJob(executor, queue, steps, true)).rows ?? [];
    },
    async execute(steps) {
      return (await runJob(executor, queue, steps, false)).outcomes.map((o) => o.changes);
    },
    close: () => lease.release(),
  };
}

/** A step whose `MARK`s become the dialect's placeholders for values of the given types. */
export function step(
  dialect: Dialect,
  sql: string,
  values: readonly SqlValue[],
  types: readonly ('string' | 'long' | 'object' | 'int')[] = values.map(() => 'string'),
): SqlStep {
  return { sql: finishSql(dialect, sql, types), values };
}
