// The engine's ErrorStore on a datasource: erroneous events and payloads kept as rows for
// inspection and replay, capped at `maxEntries` (the oldest go first). The parts of an entry
// that are not columns are kept as JSON, byte arrays and bigints included.

import type {
  ErrorEntry,
  ErrorEntryInput,
  ErrorListOptions,
  ErrorPurgeOptions,
  ErrorStore,
} from '@tributary/engine';
import { openAsyncSql, step, type AsyncSql } from './async-sql.js';
import type { RdbmsDatasource } from './datasource.js';
import { MARK, type SqlValue } from './dialect.js';

export interface RdbmsErrorStoreOptions {
  /** The table (default `tributary_error_entries`). */
  readonly table?: string;
  /** The most entries kept (default 10 000). */
  readonly maxEntries?: number;
}

/** What is kept as JSON. */
interface EntryBody {
  readonly events: ErrorEntryInput['events'];
  readonly payload?: unknown;
  readonly transport?: ErrorEntryInput['transport'];
  readonly origin?: ErrorEntryInput['origin'];
}

function encode(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) return { $bytes: Buffer.from(v).toString('base64') };
    if (typeof v === 'bigint') return { $bigint: v.toString() };
    if (typeof v === 'object' && v !== null && (v as { type?: unknown }).type === 'Buffer') {
      const data = (v as { data?: unknown }).data;
      if (Array.isArray(data)) return { $bytes: Buffer.from(data as number[]).toString('base64') };
    }
    return v;
  });
}

function decode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (typeof v === 'object' && v !== null) {
      const tagged = v as { $bytes?: unknown; $bigint?: unknown };
      if (typeof tagged.$bytes === 'string') return Buffer.from(tagged.$bytes, 'base64');
      if (typeof tagged.$bigint === 'string') return BigInt(tagged.$bigint);
    }
    return v;
  });
}

const COLUMNS =
  'id, timestamp_ms, app_name, stream_name, occurrence, event_type, error_type, cause, stack_trace, body';

function text(value: unknown): string {
  return value instanceof Uint8Array ? new TextDecoder().decode(value) : String(value);
}

function entryOf(row: readonly unknown[]): ErrorEntry {
  const [id, timestamp, appName, streamName, occurrence, eventType, errorType, cause, stack, body] =
    row;
  const parsed = decode(text(body)) as EntryBody;
  return {
    id: Number(id),
    timestamp: Number(timestamp),
    appName: text(appName),
    streamName: text(streamName),
    occurrence: text(occurrence) as ErrorEntry['occurrence'],
    eventType: text(eventType) as ErrorEntry['eventType'],
    errorType: text(errorType) as ErrorEntry['errorType'],
    cause: text(cause),
    ...(stack === null || stack === undefined ? {} : { stackTrace: text(stack) }),
    events: parsed.events,
    ...(parsed.payload === undefined ? {} : { payload: parsed.payload }),
    ...(parsed.transport === undefined ? {} : { transport: parsed.transport }),
    ...(parsed.origin === undefined ? {} : { origin: parsed.origin }),
  };
}

/**
 * An `ErrorStore` in SQLite, PostgreSQL or MariaDB/MySQL.
 * @example
 * const errors = new RdbmsErrorStore({ url: 'jdbc:mariadb://db:3306/app', username: 'app' });
 * createEngine({ errorStore: errors });
 */
export class RdbmsErrorStore implements ErrorStore {
  readonly #sql: AsyncSql;
  readonly #table: string;
  readonly #index: string;
  readonly #maxEntries: number;
  #ready: Promise<void> | undefined;

  constructor(datasource: RdbmsDatasource, options: RdbmsErrorStoreOptions = {}) {
    this.#sql = openAsyncSql(datasource, 'errors');
    const table = options.table ?? 'tributary_error_entries';
    this.#table = this.#sql.dialect.quote(table);
    this.#index = this.#sql.dialect.quote(this.#sql.dialect.indexName(table, 'app'));
    this.#maxEntries = options.maxEntries ?? 10_000;
  }

  #init(): Promise<void> {
    this.#ready ??= (async () => {
      const d = this.#sql.dialect;
      const id =
        d.kind === 'sqlite'
          ? 'INTEGER PRIMARY KEY AUTOINCREMENT'
          : d.kind === 'postgres'
            ? 'BIGSERIAL PRIMARY KEY'
            : 'BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY';
      const name = d.columnType({ name: 'name', type: 'string', length: 255 });
      const short = d.columnType({ name: 'short', type: 'string', length: 64 });
      const long = d.kind === 'mysql' ? 'LONGTEXT' : 'TEXT';
      await this.#sql.execute([
        step(
          d,
          `CREATE TABLE IF NOT EXISTS ${this.#table} (id ${id}, timestamp_ms BIGINT NOT NULL, app_name ${name} NOT NULL, stream_name ${name} NOT NULL, occurrence ${short} NOT NULL, event_type ${short} NOT NULL, error_type ${short} NOT NULL, cause ${long} NOT NULL, stack_trace ${long}, body ${long} NOT NULL)${d.tableSuffix}`,
          [],
        ),
      ]);
      try {
        await this.#sql.execute([
          step(d, `CREATE INDEX ${this.#index} ON ${this.#table} (app_name, id)`, []),
        ]);
      } catch {
        // It exists already.
      }
    })();
    return this.#ready;
  }

  async saveEntry(entry: ErrorEntryInput): Promise<ErrorEntry> {
    await this.#init();
    const d = this.#sql.dialect;
    const body: EntryBody = {
      events: entry.events,
      ...(entry.payload === undefined ? {} : { payload: entry.payload }),
      ...(entry.transport === undefined ? {} : { transport: entry.transport }),
      ...(entry.origin === undefined ? {} : { origin: entry.origin }),
    };
    const values: SqlValue[] = [
      entry.timestamp,
      entry.appName,
      entry.streamName,
      entry.occurrence,
      entry.eventType,
      entry.errorType,
      entry.cause,
      entry.stackTrace ?? null,
      encode(body),
    ];
    const types = ['long', ...values.slice(1).map(() => 'string' as const)] as const;
    const insert = `INSERT INTO ${this.#table} (timestamp_ms, app_name, stream_name, occurrence, event_type, error_type, cause, stack_trace, body) VALUES (${values.map(() => MARK).join(', ')})`;
    const rows = await this.#sql.query(
      d.kind === 'mysql'
        ? [step(d, insert, values, types), step(d, 'SELECT LAST_INSERT_ID()', [])]
        : [step(d, `${insert} RETURNING id`, values, types)],
    );
    const id = Number(rows[0]?.[0]);
    if (id > this.#maxEntries) {
      await this.#sql.execute([
        step(
          d,
          `DELETE FROM ${this.#table} WHERE id <= ${MARK}`,
          [id - this.#maxEntries],
          ['long'],
        ),
      ]);
    }
    return { ...entry, id };
  }

  async list(appName: string, options: ErrorListOptions = {}): Promise<readonly ErrorEntry[]> {
    await this.#init();
    const offset = Math.max(0, Math.trunc(options.offset ?? 0));
    const limit = options.limit === undefined ? undefined : Math.max(0, Math.trunc(options.limit));
    const rows = await this.#sql.query([
      step(
        this.#sql.dialect,
        `SELECT ${COLUMNS} FROM ${this.#table} WHERE app_name = ${MARK} ORDER BY id`,
        [appName],
      ),
    ]);
    const entries = rows.map(entryOf);
    return entries.slice(offset, limit === undefined ? undefined : offset + limit);
  }

  async get(id: number): Promise<ErrorEntry | undefined> {
    await this.#init();
    const rows = await this.#sql.query([
      step(
        this.#sql.dialect,
        `SELECT ${COLUMNS} FROM ${this.#table} WHERE id = ${MARK}`,
        [id],
        ['long'],
      ),
    ]);
    const row = rows[0];
    return row === undefined ? undefined : entryOf(row);
  }

  async discard(id: number): Promise<boolean> {
    await this.#init();
    const [changed] = await this.#sql.execute([
      step(this.#sql.dialect, `DELETE FROM ${this.#table} WHERE id = ${MARK}`, [id], ['long']),
    ]);
    return (changed ?? 0) > 0;
  }

  async discardAll(appName: string): Promise<number> {
    await this.#init();
    const [changed] = await this.#sql.execute([
      step(this.#sql.dialect, `DELETE FROM ${this.#table} WHERE app_name = ${MARK}`, [appName]),
    ]);
    return changed ?? 0;
  }

  async count(appName?: string): Promise<number> {
    await this.#init();
    const d = this.#sql.dialect;
    const rows = await this.#sql.query([
      appName === undefined
        ? step(d, `SELECT COUNT(*) FROM ${this.#table}`, [])
        : step(d, `SELECT COUNT(*) FROM ${this.#table} WHERE app_name = ${MARK}`, [appName]),
    ]);
    return Number(rows[0]?.[0] ?? 0);
  }

  async purge(options: ErrorPurgeOptions): Promise<number> {
    await this.#init();
    const [changed] = await this.#sql.execute([
      step(
        this.#sql.dialect,
        `DELETE FROM ${this.#table} WHERE timestamp_ms < ${MARK}`,
        [options.now - options.retentionMs],
        ['long'],
      ),
    ]);
    return changed ?? 0;
  }

  /** Releases the connection. */
  close(): Promise<void> {
    return this.#sql.close();
  }
}
