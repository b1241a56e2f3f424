// SQLite through better-sqlite3, which is synchronous: jobs run at once on the calling thread,
// so the store is exact with no bridge. Statements are prepared once and cached by text.

import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { SqlValue } from './dialect.js';
import {
  SqlJobError,
  type JobResult,
  type SqlExecutor,
  type SqlJob,
  type SqlStep,
  type StepOutcome,
} from './sql-executor.js';

interface SqliteStatement {
  run(...params: readonly SqlValue[]): { readonly changes: number };
  all(...params: readonly SqlValue[]): unknown[];
  raw(toggle?: boolean): SqliteStatement;
  readonly reader: boolean;
}

/** The part of better-sqlite3's Database the store uses (the package ships no types). */
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(source: string): unknown;
  close(): unknown;
  readonly inTransaction: boolean;
}

type SqliteConstructor = new (file: string, options?: { timeout?: number }) => SqliteDatabase;

const require = createRequire(import.meta.url);

/** Opens a database file (created with its folder if missing), or `:memory:`. */
export function openSqliteDatabase(file: string): SqliteDatabase {
  if (file !== ':memory:' && !file.startsWith('file:')) {
    mkdirSync(dirname(file), { recursive: true });
  }
  const Database = require('better-sqlite3') as SqliteConstructor;
  const db = new Database(file, { timeout: 5000 });
  if (file !== ':memory:') {
    // Readers do not block the writer, and commits need no fsync of the whole file.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  return db;
}

const MAX_CACHED = 500;

function isDuplicate(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^SQLITE_CONSTRAINT_(PRIMARYKEY|UNIQUE)$/.test(code);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs jobs on one SQLite database.
 * @example
 * const sqlite = new SqliteExecutor(openSqliteDatabase(':memory:'));
 * sqlite.run({ queue: 'T', steps: [{ sql: 'select ? + 1', values: [1] }], read: true }).rows; // [[2]]
 */
export class SqliteExecutor implements SqlExecutor {
  readonly serverFlavour = 'sqlite';
  readonly #statements = new Map<string, SqliteStatement>();

  constructor(readonly db: SqliteDatabase) {}

  #prepare(sql: string): SqliteStatement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      if (this.#statements.size >= MAX_CACHED) this.#statements.clear();
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #step(step: SqlStep): StepOutcome {
    let changes: number;
    try {
      changes = this.#prepare(step.sql).run(...step.values).changes;
    } catch (error) {
      if (step.skipDuplicates === true && isDuplicate(error)) changes = 0;
      else return { changes: 0, error: messageOf(error) };
    }
    if (changes > 0 || step.otherwise === undefined) return { changes };
    const other = this.#step(step.otherwise);
    return { ...other, otherwise: true };
  }

  run(job: SqlJob): JobResult {
    if (job.read === true) {
      // Every step runs; the rows are the last one's.
      let rows: unknown[][] = [];
      const outcomes: StepOutcome[] = [];
      try {
        for (const step of job.steps) {
          const statement = this.#prepare(step.sql);
          if (statement.reader) {
            rows = statement.raw(true).all(...step.values) as unknown[][];
            outcomes.push({ changes: 0 });
          } else {
            outcomes.push({ changes: statement.run(...step.values).changes });
          }
        }
      } catch (error) {
        throw new SqlJobError(`SQLite query failed: ${messageOf(error)}`, { cause: error });
      }
      return { rows, outcomes };
    }
    if (job.steps.length === 1 || this.db.inTransaction) {
      return { outcomes: job.steps.map((s) => this.#step(s)) };
    }
    // A failed statement rolls back only itself in SQLite: the others still commit.
    this.db.exec('BEGIN');
    try {
      const outcomes = job.steps.map((s) => this.#step(s));
      this.db.exec('COMMIT');
      return { outcomes };
    } catch (error) {
      this.db.exec('ROLLBACK');
      throw new SqlJobError(`SQLite transaction failed: ${messageOf(error)}`, { cause: error });
    }
  }

  submit(job: SqlJob, done: (result: JobResult) => void): void {
    let result: JobResult;
    try {
      result = this.run(job);
    } catch (error) {
      result = { outcomes: [{ changes: 0, error: messageOf(error) }] };
    }
    done(result);
  }

  flush(): void {
    // Jobs run as they are submitted.
  }

  close(): Promise<void> {
    this.#statements.clear();
    this.db.close();
    return Promise.resolve();
  }
}
