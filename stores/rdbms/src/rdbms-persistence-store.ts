// The engine's PersistenceStore on a datasource: app snapshots as rows (app, revision, bytes) of
// one table, created when missing; the newest `keep` revisions of each app stay.

import { revisionsToPrune, type PersistenceStore } from '@tributary/engine';
import { openAsyncSql, step, type AsyncSql } from './async-sql.js';
import type { RdbmsDatasource } from './datasource.js';
import { MARK } from './dialect.js';

export interface RdbmsPersistenceOptions {
  /** The table (default `tributary_snapshots`). */
  readonly table?: string;
  /** Revisions kept per app (default 3). */
  readonly keep?: number;
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return Uint8Array.from(value);
  if (typeof value === 'string') return new TextEncoder().encode(value);
  throw new Error('a snapshot row holds no bytes');
}

/**
 * Persisted app snapshots in SQLite, PostgreSQL or MariaDB/MySQL.
 * @example
 * const store = new RdbmsPersistenceStore({ url: 'jdbc:postgresql://db/app', username: 'app' });
 * createEngine({ persistence: { store } });
 * // at shutdown: await store.close();
 */
export class RdbmsPersistenceStore implements PersistenceStore {
  readonly #sql: AsyncSql;
  readonly #table: string;
  readonly #keep: number;
  #ready: Promise<void> | undefined;

  constructor(datasource: RdbmsDatasource, options: RdbmsPersistenceOptions = {}) {
    this.#sql = openAsyncSql(datasource, 'persistence');
    this.#table = this.#sql.dialect.quote(options.table ?? 'tributary_snapshots');
    this.#keep = options.keep ?? 3;
  }

  #init(): Promise<void> {
    this.#ready ??= (async () => {
      const d = this.#sql.dialect;
      const text = d.columnType({ name: 'app', type: 'string', length: 255 });
      const revision = d.columnType({ name: 'revision', type: 'string', length: 64 });
      const bytes = d.columnType({ name: 'bytes', type: 'object' });
      await this.#sql.execute([
        step(
          d,
          `CREATE TABLE IF NOT EXISTS ${this.#table} (app ${text} NOT NULL, revision ${revision} NOT NULL, bytes ${bytes} NOT NULL, PRIMARY KEY (app, revision))${d.tableSuffix}`,
          [],
        ),
      ]);
    })();
    return this.#ready;
  }

  async save(app: string, revision: string, bytes: Uint8Array): Promise<void> {
    await this.#init();
    const d = this.#sql.dialect;
    const types = ['string', 'string', 'object'] as const;
    await this.#sql.execute([
      step(d, `DELETE FROM ${this.#table} WHERE app = ${MARK} AND revision = ${MARK}`, [
        app,
        revision,
      ]),
      step(
        d,
        `INSERT INTO ${this.#table} (app, revision, bytes) VALUES (${MARK}, ${MARK}, ${MARK})`,
        [app, revision, bytes],
        types,
      ),
    ]);
    const prune = revisionsToPrune(await this.list(app), this.#keep);
    if (prune.length > 0) {
      await this.#sql.execute(
        prune.map((old) =>
          step(d, `DELETE FROM ${this.#table} WHERE app = ${MARK} AND revision = ${MARK}`, [
            app,
            old,
          ]),
        ),
      );
    }
  }

  async load(app: string, revision?: string): Promise<Uint8Array | undefined> {
    await this.#init();
    const name = revision ?? (await this.list(app)).at(-1);
    if (name === undefined) return undefined;
    const rows = await this.#sql.query([
      step(
        this.#sql.dialect,
        `SELECT bytes FROM ${this.#table} WHERE app = ${MARK} AND revision = ${MARK}`,
        [app, name],
      ),
    ]);
    const first = rows[0];
    return first === undefined ? undefined : toBytes(first[0]);
  }

  async list(app: string): Promise<readonly string[]> {
    await this.#init();
    const rows = await this.#sql.query([
      step(
        this.#sql.dialect,
        `SELECT revision FROM ${this.#table} WHERE app = ${MARK} ORDER BY revision`,
        [app],
      ),
    ]);
    // Revision names sort in time order; compare as JS strings whatever the collation.
    return rows.map((r) => String(r[0])).sort();
  }

  async clear(app?: string): Promise<void> {
    await this.#init();
    const d = this.#sql.dialect;
    await this.#sql.execute([
      app === undefined
        ? step(d, `DELETE FROM ${this.#table}`, [])
        : step(d, `DELETE FROM ${this.#table} WHERE app = ${MARK}`, [app]),
    ]);
  }

  /** Releases the connection. */
  close(): Promise<void> {
    return this.#sql.close();
  }
}
