// The synchronous face the store sees of a database: jobs of parameterised statements, run in
// order per queue (one queue per table). Reads block until their rows are back; writes may be
// queued behind them (`submit`) as long as every later job of the queue sees their effect.

import type { SqlValue } from './dialect.js';

/** One statement with its bound values (never inlined into the text). */
export interface SqlStep {
  readonly sql: string;
  readonly values: readonly SqlValue[];
  /** Duplicate-key errors count as "no row changed" instead of failing the step. */
  readonly skipDuplicates?: boolean;
  /** Run when this step changed no row (update, else insert). */
  readonly otherwise?: SqlStep;
}

/** Statements run together, in one transaction when there are several. */
export interface SqlJob {
  /** Jobs of one queue run in submission order (a table's name). */
  readonly queue: string;
  readonly steps: readonly SqlStep[];
  /** Return the rows of the last step, as arrays of column values. */
  readonly read?: boolean;
}

/** What one step did. */
export interface StepOutcome {
  /** Rows changed (the `otherwise` step's when it ran). */
  readonly changes: number;
  /** True when `otherwise` ran. */
  readonly otherwise?: boolean;
  /** Why the step failed; the job's other steps still ran. */
  readonly error?: string;
}

export interface JobResult {
  readonly rows?: readonly (readonly unknown[])[];
  readonly outcomes: readonly StepOutcome[];
}

/** A database connection (or pool) the store runs jobs on. */
export interface SqlExecutor {
  /** `mariadb` for MariaDB servers (a MySQL-family detail the dialect needs). */
  readonly serverFlavour: 'sqlite' | 'postgres' | 'mysql' | 'mariadb';
  /** Runs `job` after every earlier job of its queue; returns its result. */
  run(job: SqlJob): JobResult;
  /**
   * Queues `job` after every earlier job of its queue; `done` gets its result, possibly later
   * (at the latest when a later `run` or `flush` returns). Throws only if the job cannot be sent.
   */
  submit(job: SqlJob, done: (result: JobResult) => void): void;
  /** Returns once every submitted job has run and its `done` was called. */
  flush(): void;
  /** Closes the connection. */
  close(): Promise<void>;
}

/** Thrown when a read job (or a whole job) fails. */
export class SqlJobError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'SqlJobError';
  }
}
