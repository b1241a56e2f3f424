// Datasources: named connection settings the host configures once (`datasources` option of
// `createRdbmsExtensions`), referenced by `@store(type='rdbms', datasource='NAME')`, and the
// shared connections behind them. Tables naming the same database share one connection (or
// pool), kept a little after its last table closes so apps redeployed in a row reuse it.

import type { Logger } from '@tributary/engine';
import { BridgeExecutor } from './bridge-executor.js';
import { describeTarget, parseJdbcUrl, type ConnectionTarget } from './jdbc-url.js';
import type { SqlExecutor } from './sql-executor.js';
import { openSqliteDatabase, SqliteExecutor } from './sqlite-executor.js';

/**
 * A datasource as the host configures it.
 * @example
 * const ds: RdbmsDatasource = { url: 'jdbc:postgresql://db:5432/app', username: 'app', password: 's3cret', pool: { maximumPoolSize: 20 } };
 */
export interface RdbmsDatasource {
  /** `jdbc:sqlite:file`, `jdbc:postgresql://…`, `jdbc:mysql://…`, `jdbc:mariadb://…` (or native URLs). */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Pool properties, HikariCP names as in Siddhi (`maximumPoolSize`, `minimumIdle`, …). */
  readonly pool?: Readonly<Record<string, string | number>>;
}

/** Everything needed to open one connection. */
export interface ConnectionSettings {
  readonly target: ConnectionTarget;
  readonly username?: string;
  readonly password?: string;
  /** Driver pool settings (pg / mysql2 names). */
  readonly pool: Readonly<Record<string, number>>;
}

/** A table's hold on a shared connection. */
export interface ConnectionLease {
  readonly executor: SqlExecutor;
  /** Gives the hold back; the connection closes after the last one (plus the linger time). */
  release(): Promise<void>;
}

/** HikariCP property → driver pool setting (ms unless said). */
const POOL_KEYS: Readonly<Record<string, string>> = {
  maximumpoolsize: 'max',
  minimumidle: 'min',
  idletimeout: 'idleTimeoutMillis',
  connectiontimeout: 'connectionTimeoutMillis',
  maxlifetime: 'maxLifetimeMillis',
};

/** Thrown for a pool property the store does not know or a value that is not a number. */
export class PoolPropertyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoolPropertyError';
  }
}

/**
 * Reads pool properties, given as Siddhi's `pool.properties='maximumPoolSize:10,…'` text or as
 * a record, into driver settings.
 * @example
 * poolSettings('maximumPoolSize:10, connectionTimeout:5000'); // { max: 10, connectionTimeoutMillis: 5000 }
 */
export function poolSettings(
  properties: string | Readonly<Record<string, string | number>> | undefined,
): Record<string, number> {
  const entries: [string, string | number][] =
    properties === undefined
      ? []
      : typeof properties === 'string'
        ? properties
            .split(',')
            .map((p) => p.trim())
            .filter((p) => p !== '')
            .map((p) => {
              const colon = p.search(/[:=]/);
              if (colon < 0) throw new PoolPropertyError(`pool property '${p}' has no value`);
              return [p.slice(0, colon).trim(), p.slice(colon + 1).trim()];
            })
        : Object.entries(properties);
  const out: Record<string, number> = {};
  for (const [key, value] of entries) {
    const name = POOL_KEYS[key.toLowerCase()];
    if (name === undefined) {
      throw new PoolPropertyError(
        `unknown pool property '${key}' (known: maximumPoolSize, minimumIdle, idleTimeout, connectionTimeout, maxLifetime)`,
      );
    }
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0) {
      throw new PoolPropertyError(
        `pool property '${key}' must be a number, got '${String(value)}'`,
      );
    }
    if (name === 'maxLifetimeMillis') out.maxLifetimeSeconds = Math.ceil(n / 1000);
    else out[name] = n;
  }
  return out;
}

/** The settings of a datasource. */
export function datasourceSettings(datasource: RdbmsDatasource): ConnectionSettings {
  const target = parseJdbcUrl(datasource.url);
  const username =
    datasource.username ?? (target.driver === 'sqlite' ? undefined : target.username);
  const password =
    datasource.password ?? (target.driver === 'sqlite' ? undefined : target.password);
  return {
    target,
    ...(username === undefined ? {} : { username }),
    ...(password === undefined ? {} : { password }),
    pool: poolSettings(datasource.pool),
  };
}

function keyOf(settings: ConnectionSettings): string {
  return JSON.stringify([settings.target, settings.username ?? '', settings.pool]);
}

function open(settings: ConnectionSettings): SqlExecutor {
  const target = settings.target;
  if (target.driver === 'sqlite') return new SqliteExecutor(openSqliteDatabase(target.file));
  return new BridgeExecutor({
    target,
    ...(settings.username === undefined ? {} : { username: settings.username }),
    ...(settings.password === undefined ? {} : { password: settings.password }),
    pool: settings.pool,
    ...(settings.pool.connectionTimeoutMillis === undefined
      ? {}
      : { connectTimeoutMs: settings.pool.connectionTimeoutMillis }),
  });
}

interface Shared {
  readonly executor: SqlExecutor;
  holders: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Shared connections by settings; each is opened by its first table and closed `lingerMs`
 * after its last table released it.
 * @example
 * const connections = new ConnectionRegistry({ lingerMs: 2000 });
 * const lease = connections.acquire(datasourceSettings({ url: 'jdbc:sqlite::memory:' }));
 * await lease.release();
 */
export class ConnectionRegistry {
  readonly #shared = new Map<string, Shared>();
  readonly #lingerMs: number;

  constructor(options: { readonly lingerMs?: number } = {}) {
    this.#lingerMs = options.lingerMs ?? 2000;
  }

  acquire(settings: ConnectionSettings): ConnectionLease {
    const key = keyOf(settings);
    let shared = this.#shared.get(key);
    if (shared === undefined) {
      shared = { executor: open(settings), holders: 0, timer: undefined };
      this.#shared.set(key, shared);
    }
    const held = shared;
    if (held.timer !== undefined) clearTimeout(held.timer);
    held.timer = undefined;
    held.holders += 1;
    let released = false;
    return {
      executor: held.executor,
      release: () => {
        if (released) return Promise.resolve();
        released = true;
        held.holders -= 1;
        // Writes still queued complete before the table is reported closed.
        held.executor.flush();
        if (held.holders > 0) return Promise.resolve();
        if (this.#lingerMs <= 0) return this.#close(key, held);
        held.timer = setTimeout(() => {
          void this.#close(key, held);
        }, this.#lingerMs);
        held.timer.unref();
        return Promise.resolve();
      },
    };
  }

  #close(key: string, shared: Shared): Promise<void> {
    if (this.#shared.get(key) !== shared || shared.holders > 0) return Promise.resolve();
    this.#shared.delete(key);
    return shared.executor.close();
  }

  /** Closes every connection no table holds, and the others once released. */
  async closeAll(): Promise<void> {
    const all = [...this.#shared.entries()];
    await Promise.all(
      all.map(([key, shared]) => {
        if (shared.timer !== undefined) clearTimeout(shared.timer);
        if (shared.holders > 0) return Promise.resolve();
        return this.#close(key, shared);
      }),
    );
  }

  /** How many connections are open (tests). */
  get size(): number {
    return this.#shared.size;
  }
}

/** A one-line description of where a datasource points (no password). */
export function describeSettings(settings: ConnectionSettings): string {
  return describeTarget(settings.target);
}

/** Logs and swallows a failure of a background close. */
export function logClose(logger: Logger, what: string, closing: Promise<void>): Promise<void> {
  return closing.catch((error: unknown) => {
    logger.log('warn', `closing ${what} failed`, error);
  });
}
