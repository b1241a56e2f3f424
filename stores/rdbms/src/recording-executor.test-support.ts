// A fake executor for tests: records every job it is given and answers reads with rows the
// test queued, so statement text and bound values can be checked without a database.

import type { JobResult, SqlExecutor, SqlJob } from './sql-executor.js';

export class RecordingExecutor implements SqlExecutor {
  readonly serverFlavour = 'sqlite';
  readonly jobs: SqlJob[] = [];
  /** Rows the next reads return, in order. */
  readonly answers: (readonly (readonly unknown[])[])[] = [];
  /** What writes report as changed rows (default 1 each). */
  changes = 1;

  run(job: SqlJob): JobResult {
    this.jobs.push(job);
    if (job.read === true) return { rows: this.answers.shift() ?? [], outcomes: [{ changes: 0 }] };
    return { outcomes: job.steps.map(() => ({ changes: this.changes })) };
  }

  submit(job: SqlJob, done: (result: JobResult) => void): void {
    done(this.run(job));
  }

  flush(): void {
    // Nothing is queued.
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Every statement text run so far. */
  get statements(): string[] {
    return this.jobs.flatMap((j) =>
      j.steps.flatMap((s) => (s.otherwise === undefined ? [s.sql] : [s.sql, s.otherwise.sql])),
    );
  }
}
