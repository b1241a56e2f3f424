// The server's default error store: erroneous events and payloads in an SQLite file
// (`<dataDir>/errors.db`), kept across restarts for inspection and replay, capped at
// `maxEntries` (the oldest go first).

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  ErrorEntry,
  ErrorEntryInput,
  ErrorListOptions,
  ErrorPurgeOptions,
  ErrorStore,
} from '@tributary/engine';
import { openSqlite, type SqliteDatabase, type SqliteStatement } from './sqlite.js';

export interface SqliteErrorStoreOptions {
  /** The most entries kept (default 10 000); older ones are removed as new ones arrive. */
  readonly maxEntries?: number;
}

/** What is kept as JSON: the parts of an entry that are not columns. */
interface EntryBody {
  readonly events: ErrorEntryInput['events'];
  readonly payload?: unknown;
  readonly transport?: ErrorEntryInput['transport'];
  readonly origin?: ErrorEntryInput['origin'];
}

interface EntryRow {
  readonly id: number;
  readonly timestamp: number;
  readonly app_name: string;
  readonly stream_name: string;
  readonly occurrence: ErrorEntry['occurrence'];
  readonly event_type: ErrorEntry['eventType'];
  readonly error_type: ErrorEntry['errorType'];
  readonly cause: string;
  readonly stack_trace: string | null;
  readonly body: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS error_entries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  timestamp INTEGER NOT NULL,
  app_name TEXT NOT NULL,
  stream_name TEXT NOT NULL,
  occurrence TEXT NOT NULL,
  event_type TEXT NOT NULL,
  error_type TEXT NOT NULL,
  cause TEXT NOT NULL,
  stack_trace TEXT,
  body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS error_entries_by_app ON error_entries (app_name, id);
CREATE INDEX IF NOT EXISTS error_entries_by_time ON error_entries (timestamp);
`;

/** JSON with byte arrays and bigints kept (payloads may be binary). */
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

function entryOf(row: EntryRow): ErrorEntry {
  const body = decode(row.body) as EntryBody;
  return {
    id: row.id,
    timestamp: row.timestamp,
    appName: row.app_name,
    streamName: row.stream_name,
    occurrence: row.occurrence,
    eventType: row.event_type,
    errorType: row.error_type,
    cause: row.cause,
    ...(row.stack_trace === null ? {} : { stackTrace: row.stack_trace }),
    events: body.events,
    ...(body.payload === undefined ? {} : { payload: body.payload }),
    ...(body.transport === undefined ? {} : { transport: body.transport }),
    ...(body.origin === undefined ? {} : { origin: body.origin }),
  };
}

/**
 * An `ErrorStore` on SQLite.
 * @example
 * const store = new SqliteErrorStore('data/errors.db', { maxEntries: 5000 });
 * createEngine({ errorStore: store });
 */
export class SqliteErrorStore implements ErrorStore {
  readonly #db: SqliteDatabase;
  readonly #maxEntries: number;
  readonly #insert: SqliteStatement;
  readonly #trim: SqliteStatement;

  constructor(file: string, options: SqliteErrorStoreOptions = {}) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.#db = openSqlite(file, { timeout: 5000 });
    this.#db.pragma('journal_mode = WAL');
    this.#db.exec(SCHEMA);
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#insert = this.#db.prepare(
      `INSERT INTO error_entries
         (timestamp, app_name, stream_name, occurrence, event_type, error_type, cause, stack_trace, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#trim = this.#db.prepare(
      `DELETE FROM error_entries WHERE id <= (
         SELECT id FROM error_entries ORDER BY id DESC LIMIT 1 OFFSET ?)`,
    );
  }

  saveEntry(entry: ErrorEntryInput): Promise<ErrorEntry> {
    const body: EntryBody = {
      events: entry.events,
      ...(entry.payload === undefined ? {} : { payload: entry.payload }),
      ...(entry.transport === undefined ? {} : { transport: entry.transport }),
      ...(entry.origin === undefined ? {} : { origin: entry.origin }),
    };
    const result = this.#insert.run(
      entry.timestamp,
      entry.appName,
      entry.streamName,
      entry.occurrence,
      entry.eventType,
      entry.errorType,
      entry.cause,
      entry.stackTrace ?? null,
      encode(body),
    );
    this.#trim.run(this.#maxEntries);
    return Promise.resolve({ ...entry, id: Number(result.lastInsertRowid) });
  }

  list(appName: string, options: ErrorListOptions = {}): Promise<readonly ErrorEntry[]> {
    const rows = this.#db
      .prepare('SELECT * FROM error_entries WHERE app_name = ? ORDER BY id LIMIT ? OFFSET ?')
      .all(appName, options.limit ?? -1, Math.max(0, options.offset ?? 0)) as EntryRow[];
    return Promise.resolve(rows.map(entryOf));
  }

  get(id: number): Promise<ErrorEntry | undefined> {
    const row = this.#db.prepare('SELECT * FROM error_entries WHERE id = ?').get(id) as
      EntryRow | undefined;
    return Promise.resolve(row === undefined ? undefined : entryOf(row));
  }

  discard(id: number): Promise<boolean> {
    const result = this.#db.prepare('DELETE FROM error_entries WHERE id = ?').run(id);
    return Promise.resolve(result.changes > 0);
  }

  discardAll(appName: string): Promise<number> {
    const result = this.#db.prepare('DELETE FROM error_entries WHERE app_name = ?').run(appName);
    return Promise.resolve(result.changes);
  }

  count(appName?: string): Promise<number> {
    const row = (
      appName === undefined
        ? this.#db.prepare('SELECT count(*) AS n FROM error_entries').get()
        : this.#db
            .prepare('SELECT count(*) AS n FROM error_entries WHERE app_name = ?')
            .get(appName)
    ) as { n: number };
    return Promise.resolve(row.n);
  }

  purge(options: ErrorPurgeOptions): Promise<number> {
    const result = this.#db
      .prepare('DELETE FROM error_entries WHERE timestamp < ?')
      .run(options.now - options.retentionMs);
    return Promise.resolve(result.changes);
  }

  /** The apps that have entries, with how many each. */
  apps(): Promise<readonly { readonly appName: string; readonly count: number }[]> {
    const rows = this.#db
      .prepare('SELECT app_name AS appName, count(*) AS count FROM error_entries GROUP BY app_name')
      .all() as { appName: string; count: number }[];
    return Promise.resolve(rows);
  }

  /** Closes the database file. */
  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
