// The databases polling mode reads through TypeORM — PostgreSQL, MariaDB/MySQL and SQLite:
// one dedicated connection each, the dialect's SQL for "rows after the last polled value",
// and the driver's values turned into event values (the same forms as listening mode).

import { existsSync } from 'node:fs';
import { DataSource, type DataSourceOptions, type QueryRunner } from 'typeorm';
import type { DatabaseTarget } from './jdbc-url.js';
import {
  PG_SESSION_OPTIONS,
  timestampMillis,
  valueConverter,
  type DecimalHandling,
  type ValueConverter,
} from './pg-values.js';

/** The polling column's value of the last row read (the driver's form, as the WHERE takes it). */
export type PollingPosition = string | number;

/** One page of rows: events (column → value) and each row's polling column value. */
export interface PolledRows {
  readonly events: Record<string, unknown>[];
  readonly positions: PollingPosition[];
}

/** What polling needs of a database. */
export interface PollingDatabase {
  open(): Promise<void>;
  close(): Promise<void>;
  /** The largest polling column value now (undefined for an empty table). */
  maxPosition(): Promise<PollingPosition | undefined>;
  /** Rows whose polling column is above `after` (all when undefined), in its order. */
  rowsAfter(after: PollingPosition | undefined, limit: number): Promise<PolledRows>;
}

/** Where and what to poll. */
export interface PollingTarget {
  readonly target: DatabaseTarget;
  readonly username?: string;
  readonly password?: string;
  readonly table: string;
  readonly column: string;
  readonly decimals: DecimalHandling;
}

/** Quotes a possibly qualified name (`schema.table`) in the dialect's quotes. */
export function quoteName(name: string, quote: '"' | '`'): string {
  return name
    .split('.')
    .map((part) => {
      const bare = part.startsWith(quote) && part.endsWith(quote) ? part.slice(1, -1) : part;
      return quote + bare.split(quote).join(quote + quote) + quote;
    })
    .join('.');
}

/** The SQL of one poll in a dialect. */
export interface PollingSql {
  readonly max: string;
  readonly first: string;
  readonly after: string;
}

/**
 * The statements of a dialect (`limit` rows per page, `?`/`$1` placeholders).
 * @example
 * pollingSql('postgres', 'orders', 'id', 100).after
 * // 'SELECT * FROM "orders" WHERE "id" > $1 ORDER BY "id" LIMIT 100'
 */
export function pollingSql(
  dialect: 'postgres' | 'mysql' | 'sqlite',
  table: string,
  column: string,
  limit: number,
): PollingSql {
  const quote = dialect === 'mysql' ? '`' : '"';
  const t = quoteName(table, quote);
  const c = quoteName(column, quote);
  const placeholder = dialect === 'postgres' ? '$1' : '?';
  const order = `ORDER BY ${c} LIMIT ${String(limit)}`;
  return {
    max: `SELECT MAX(${c}) AS position FROM ${t}`,
    first: `SELECT * FROM ${t} WHERE ${c} IS NOT NULL ${order}`,
    after: `SELECT * FROM ${t} WHERE ${c} > ${placeholder} ${order}`,
  };
}

/** Raw pg text values (no `pg` type parsing): converted by type OID like listening mode. */
const RAW_TEXT = { getTypeParser: () => (text: string) => text };

interface PgQueryable {
  query(config: { text: string; values?: unknown[]; types: typeof RAW_TEXT }): Promise<{
    rows: Record<string, string | null>[];
    fields: { name: string; dataTypeID: number }[];
  }>;
}

interface MysqlField {
  readonly name: string;
  readonly columnType: number;
  readonly columnLength: number;
}

interface MysqlQueryable {
  query(
    options: { sql: string; values?: unknown[] },
    callback: (error: Error | null, rows: unknown, fields: MysqlField[] | undefined) => void,
  ): void;
}

interface SqliteStatement {
  all(...params: unknown[]): Record<string, unknown>[];
  columns(): { name: string; type: string | null }[];
}

interface SqliteHandle {
  prepare(sql: string): SqliteStatement;
}

/** MySQL protocol column types this module converts. */
const MYSQL = {
  DECIMAL: 0,
  TINY: 1,
  TIMESTAMP: 7,
  LONGLONG: 8,
  DATE: 10,
  DATETIME: 12,
  NEWDATE: 14,
  BIT: 16,
  TIMESTAMP2: 17,
  DATETIME2: 18,
  JSON: 245,
  NEWDECIMAL: 246,
} as const;

/** The converter of a MySQL/MariaDB column from the driver's value. */
export function mysqlConverter(
  field: { readonly columnType: number; readonly columnLength: number },
  decimals: DecimalHandling,
): (value: unknown) => unknown {
  switch (field.columnType) {
    case MYSQL.TINY:
      // TINYINT(1) is MySQL's BOOLEAN (JDBC reads it as a Boolean too).
      return field.columnLength === 1 ? (v) => v !== 0 : (v) => v;
    case MYSQL.BIT:
      return field.columnLength === 1
        ? (v) => (v instanceof Uint8Array ? v[0] === 1 : Boolean(v))
        : (v) => v;
    case MYSQL.LONGLONG:
      return (v) => (typeof v === 'string' ? valueConverter(20, decimals)(v) : v);
    case MYSQL.DECIMAL:
    case MYSQL.NEWDECIMAL:
      return (v) => (typeof v === 'string' && decimals === 'double' ? Number(v) : v);
    case MYSQL.TIMESTAMP:
    case MYSQL.TIMESTAMP2:
    case MYSQL.DATE:
    case MYSQL.NEWDATE:
    case MYSQL.DATETIME:
    case MYSQL.DATETIME2:
      return (v) => (typeof v === 'string' ? timestampMillis(v) : v);
    case MYSQL.JSON:
      return jsonText;
    default:
      // MariaDB's JSON is LONGTEXT marked `json`: the driver parses it; events carry JSON text.
      return jsonText;
  }
}

/** JSON values the driver parsed, back to JSON text (strings, bytes and numbers unchanged). */
function jsonText(value: unknown): unknown {
  if (
    value === null ||
    typeof value !== 'object' ||
    value instanceof Uint8Array ||
    value instanceof Date
  ) {
    return value;
  }
  return JSON.stringify(value);
}

/** The converter of a SQLite column by its declared type (SQLite keeps dates as text). */
export function sqliteConverter(declared: string | null): (value: unknown) => unknown {
  const type = (declared ?? '').toUpperCase();
  if (type.includes('BOOL')) return (v) => (typeof v === 'number' ? v !== 0 : v);
  if (type.includes('DATE') || type.includes('TIME')) {
    return (v) =>
      typeof v === 'string' ? timestampMillis(v.replace('T', ' ').replace(/Z$/, '+00')) : v;
  }
  if (type.includes('JSON'))
    return (v) => (typeof v === 'string' || v === null ? v : JSON.stringify(v));
  return (v) => (typeof v === 'bigint' && Number.isSafeInteger(Number(v)) ? Number(v) : v);
}

function positionOf(value: unknown, column: string): PollingPosition {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'bigint') return value.toString();
  throw new Error(
    `polling column '${column}' holds ${value === null ? 'NULL' : typeof value}, which cannot be polled`,
  );
}

/** A TypeORM data source of the target, with one dedicated connection. */
class TypeormPollingDatabase implements PollingDatabase {
  #source: DataSource | undefined;
  #runner: QueryRunner | undefined;
  #raw: unknown;
  readonly #sql: PollingSql;
  readonly #dialect: 'postgres' | 'mysql' | 'sqlite';

  constructor(
    private readonly settings: PollingTarget,
    limit: number,
  ) {
    const target = settings.target;
    this.#dialect = target.kind;
    this.#sql = pollingSql(target.kind, settings.table, settings.column, limit);
  }

  #options(): DataSourceOptions {
    const { target } = this.settings;
    if (target.kind === 'sqlite') return { type: 'better-sqlite3', database: target.file };
    const credentials = {
      host: target.host,
      port: target.port,
      database: target.database,
      ...(this.settings.username === undefined ? {} : { username: this.settings.username }),
      ...(this.settings.password === undefined ? {} : { password: this.settings.password }),
    };
    if (target.kind === 'postgres') {
      return {
        type: 'postgres',
        ...credentials,
        poolSize: 1,
        connectTimeoutMS: 10_000,
        applicationName: 'tributary-cdc',
        extra: { options: PG_SESSION_OPTIONS },
      };
    }
    return {
      type: target.flavour === 'mariadb' ? 'mariadb' : 'mysql',
      ...credentials,
      poolSize: 1,
      connectTimeout: 10_000,
      charset: 'utf8mb4',
      timezone: 'Z',
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
    };
  }

  async open(): Promise<void> {
    const target = this.settings.target;
    if (target.kind === 'sqlite' && !existsSync(target.file)) {
      throw new Error(`SQLite database file '${target.file}' does not exist`);
    }
    const source = new DataSource(this.#options());
    await source.initialize();
    this.#source = source;
    if (target.kind === 'sqlite') {
      this.#raw = (source.driver as unknown as { databaseConnection: unknown }).databaseConnection;
      return;
    }
    const runner = source.createQueryRunner();
    this.#runner = runner;
    this.#raw = await runner.connect();
    // MySQL prints TIMESTAMP columns in the session's zone: read them in UTC.
    if (target.kind === 'mysql') await this.#mysql("SET time_zone = '+00:00'", []);
  }

  async close(): Promise<void> {
    const runner = this.#runner;
    const source = this.#source;
    this.#runner = undefined;
    this.#source = undefined;
    this.#raw = undefined;
    await runner?.release().catch(() => undefined);
    if (source?.isInitialized === true) await source.destroy().catch(() => undefined);
  }

  async maxPosition(): Promise<PollingPosition | undefined> {
    const rows = await this.#query(this.#sql.max, []);
    const value = rows.raw[0]?.position;
    return value === null || value === undefined
      ? undefined
      : positionOf(value, this.settings.column);
  }

  async rowsAfter(after: PollingPosition | undefined, limit: number): Promise<PolledRows> {
    const result =
      after === undefined
        ? await this.#query(this.#sql.first, [])
        : await this.#query(this.#sql.after, [after]);
    const rows = result.raw.slice(0, limit);
    const column = this.settings.column;
    const key =
      result.names.find((n) => n === column) ??
      result.names.find((n) => n.toLowerCase() === column.toLowerCase());
    if (key === undefined) {
      throw new Error(
        `polling column '${column}' is not a column of table '${this.settings.table}'`,
      );
    }
    const columns = result.names.map(
      (name, i) => [name, name.toLowerCase(), result.convert[i] ?? ((v: unknown) => v)] as const,
    );
    const events = rows.map((row) => {
      const event: Record<string, unknown> = {};
      columns.forEach(([name, key, convert]) => {
        const value = row[name];
        event[key] = value === null || value === undefined ? null : convert(value);
      });
      return event;
    });
    return { events, positions: rows.map((row) => positionOf(row[key], column)) };
  }

  async #query(
    sql: string,
    values: unknown[],
  ): Promise<{
    raw: Record<string, unknown>[];
    names: string[];
    convert: ((value: unknown) => unknown)[];
  }> {
    const decimals = this.settings.decimals;
    switch (this.#dialect) {
      case 'postgres': {
        const result = await (this.#connection() as PgQueryable).query({
          text: sql,
          values,
          types: RAW_TEXT,
        });
        const converters: ValueConverter[] = result.fields.map((f) =>
          valueConverter(f.dataTypeID, decimals),
        );
        return {
          raw: result.rows,
          names: result.fields.map((f) => f.name),
          convert: converters.map((c) => (v: unknown) => c(String(v))),
        };
      }
      case 'mysql': {
        const { rows, fields } = await this.#mysql(sql, values);
        return {
          raw: rows,
          names: fields.map((f) => f.name),
          convert: fields.map((f) => mysqlConverter(f, decimals)),
        };
      }
      case 'sqlite': {
        const statement = (this.#connection() as SqliteHandle).prepare(sql);
        const columns = statement.columns();
        return {
          raw: statement.all(...values),
          names: columns.map((c) => c.name),
          convert: columns.map((c) => sqliteConverter(c.type)),
        };
      }
    }
  }

  #connection(): unknown {
    if (this.#raw === undefined) throw new Error('the polling connection is closed');
    return this.#raw;
  }

  #mysql(
    sql: string,
    values: unknown[],
  ): Promise<{ rows: Record<string, unknown>[]; fields: MysqlField[] }> {
    const connection = this.#connection() as MysqlQueryable;
    return new Promise((resolve, reject) => {
      connection.query({ sql, values }, (error, rows, fields) => {
        if (error !== null) reject(error);
        else
          resolve({
            rows: Array.isArray(rows) ? (rows as Record<string, unknown>[]) : [],
            fields: fields ?? [],
          });
      });
    });
  }
}

/**
 * The polling database of a target.
 * @example
 * const db = pollingDatabase({ target, username, password, table: 'orders', column: 'id', decimals: 'double' }, 1000);
 * await db.open(); const page = await db.rowsAfter(41, 1000);
 */
export function pollingDatabase(settings: PollingTarget, limit: number): PollingDatabase {
  return new TypeormPollingDatabase(settings, limit);
}
