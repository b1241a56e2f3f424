// better-sqlite3, loaded through `createRequire` with the few types the server uses declared
// here (the package ships no types, and a module-wide declaration could clash with others').

import { createRequire } from 'node:module';

export interface SqliteRunResult {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

export interface SqliteStatement {
  run(...params: readonly unknown[]): SqliteRunResult;
  get(...params: readonly unknown[]): unknown;
  all(...params: readonly unknown[]): unknown[];
  iterate(...params: readonly unknown[]): IterableIterator<unknown>;
  /** Rows as arrays instead of objects. */
  raw(toggle?: boolean): SqliteStatement;
}

export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): SqliteDatabase;
  pragma(source: string): unknown;
  close(): SqliteDatabase;
  readonly open: boolean;
}

export interface SqliteOptions {
  readonly readonly?: boolean;
  readonly fileMustExist?: boolean;
  /** ms to wait for a lock. */
  readonly timeout?: number;
}

type SqliteConstructor = new (file: string, options?: SqliteOptions) => SqliteDatabase;

const require = createRequire(import.meta.url);

/**
 * Opens an SQLite database file (`':memory:'` for a private in-memory one).
 * @example
 * const db = openSqlite('data/errors.db');
 * db.prepare('select 1 as one').get(); // { one: 1 }
 */
export function openSqlite(file: string, options: SqliteOptions = {}): SqliteDatabase {
  const Database = require('better-sqlite3') as SqliteConstructor;
  return new Database(file, options);
}

/** A table or column name quoted for SQL (`"a""b"`); the caller checks it exists. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
