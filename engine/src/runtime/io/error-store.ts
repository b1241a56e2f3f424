// The error store (Siddhi's ErrorStore SPI): erroneous events and payloads kept for inspection
// and replay — bad source payloads, events a sink could not publish (`on.error='STORE'`) and
// events a stream failed to process (`@OnError(action='STORE')`). Async, so stores may be remote.

import type { IoEvent } from '../../extension-api/io-contracts.js';

/** Where the error happened (Siddhi's `ErrorOccurrence`). */
export type ErrorOccurrence =
  | 'BEFORE_SOURCE_MAPPING'
  | 'STORE_ON_SINK_ERROR'
  | 'STORE_ON_STREAM_ERROR'
  | 'STORE_ON_TABLE_ADD'
  | 'STORE_ON_TABLE_FIND'
  | 'STORE_ON_TABLE_DELETE'
  | 'STORE_ON_TABLE_UPDATE'
  | 'STORE_ON_TABLE_UPDATE_OR_ADD'
  | 'STORE_ON_TABLE_CONTAINS';

/** What the entry holds (Siddhi's `ErroneousEventType`). */
export type ErroneousEventType =
  | 'REPLAYABLE_TABLE_RECORD'
  | 'COMPLEX_EVENT'
  | 'EVENT'
  | 'EVENT_ARRAY'
  | 'EVENT_LIST'
  | 'PAYLOAD_STRING';

/** The kind of failure (Siddhi's `ErrorType`). */
export type ErrorType = 'MAPPING' | 'TRANSPORT';

/** The `@source`/`@sink` of the stream an entry came from (its position among the stream's). */
export interface ErrorOrigin {
  readonly kind: 'source' | 'sink';
  readonly index: number;
}

/** What is saved. */
export interface ErrorEntryInput {
  /** When the error happened (app time, ms). */
  readonly timestamp: number;
  readonly appName: string;
  readonly streamName: string;
  /** The events concerned (stream and sink errors); empty for payload entries. */
  readonly events: readonly IoEvent[];
  /** The raw payload (before source mapping) or the mapped payload (sink errors). */
  readonly payload?: unknown;
  /** Transport properties that came with a source payload. */
  readonly transport?: Readonly<Record<string, string | undefined>>;
  /** The error's message. */
  readonly cause: string;
  readonly stackTrace?: string;
  readonly occurrence: ErrorOccurrence;
  readonly eventType: ErroneousEventType;
  readonly errorType: ErrorType;
  readonly origin?: ErrorOrigin;
}

/** A saved entry. */
export interface ErrorEntry extends ErrorEntryInput {
  readonly id: number;
}

/** Paging of `list`. */
export interface ErrorListOptions {
  readonly limit?: number;
  readonly offset?: number;
}

/** What `purge` removes. */
export interface ErrorPurgeOptions {
  /** Entries older than this many ms (by their `timestamp`) relative to `now`. */
  readonly retentionMs: number;
  readonly now: number;
}

/**
 * Where erroneous events are kept. Implementations: `InMemoryErrorStore`, the SQLite store of
 * the server, or your own.
 * @example
 * const engine = createEngine({ errorStore: new InMemoryErrorStore() });
 */
export interface ErrorStore {
  saveEntry(entry: ErrorEntryInput): Promise<ErrorEntry>;
  /** An app's entries, oldest first. */
  list(appName: string, options?: ErrorListOptions): Promise<readonly ErrorEntry[]>;
  get(id: number): Promise<ErrorEntry | undefined>;
  /** Removes one entry; false when there was none. */
  discard(id: number): Promise<boolean>;
  /** Removes every entry of an app; resolves with how many there were. */
  discardAll(appName: string): Promise<number>;
  /** Entries of an app, or of every app. */
  count(appName?: string): Promise<number>;
  /** Removes old entries; resolves with how many. */
  purge(options: ErrorPurgeOptions): Promise<number>;
}

/**
 * An error store in memory (tests, embedded use; lost on restart).
 * @example
 * const store = new InMemoryErrorStore();
 * await store.count('MyApp'); // 0
 */
export class InMemoryErrorStore implements ErrorStore {
  readonly #entries = new Map<number, ErrorEntry>();
  #nextId = 1;

  saveEntry(entry: ErrorEntryInput): Promise<ErrorEntry> {
    const saved: ErrorEntry = { ...entry, id: this.#nextId };
    this.#nextId += 1;
    this.#entries.set(saved.id, saved);
    return Promise.resolve(saved);
  }

  list(appName: string, options: ErrorListOptions = {}): Promise<readonly ErrorEntry[]> {
    const all = [...this.#entries.values()].filter((e) => e.appName === appName);
    const offset = Math.max(0, options.offset ?? 0);
    const limit = options.limit ?? all.length;
    return Promise.resolve(all.slice(offset, offset + Math.max(0, limit)));
  }

  get(id: number): Promise<ErrorEntry | undefined> {
    return Promise.resolve(this.#entries.get(id));
  }

  discard(id: number): Promise<boolean> {
    return Promise.resolve(this.#entries.delete(id));
  }

  discardAll(appName: string): Promise<number> {
    let removed = 0;
    for (const [id, entry] of this.#entries) {
      if (entry.appName === appName && this.#entries.delete(id)) removed += 1;
    }
    return Promise.resolve(removed);
  }

  count(appName?: string): Promise<number> {
    if (appName === undefined) return Promise.resolve(this.#entries.size);
    let n = 0;
    for (const entry of this.#entries.values()) if (entry.appName === appName) n += 1;
    return Promise.resolve(n);
  }

  purge(options: ErrorPurgeOptions): Promise<number> {
    const before = options.now - options.retentionMs;
    let removed = 0;
    for (const [id, entry] of this.#entries) {
      if (entry.timestamp < before && this.#entries.delete(id)) removed += 1;
    }
    return Promise.resolve(removed);
  }
}

/**
 * The message and stack of an error, for an entry.
 * @example
 * errorDetails(new Error('down')).cause; // 'down'
 */
export function errorDetails(error: unknown): { cause: string; stackTrace?: string } {
  if (error instanceof Error) {
    return error.stack === undefined
      ? { cause: error.message }
      : { cause: error.message, stackTrace: error.stack };
  }
  return { cause: String(error) };
}
