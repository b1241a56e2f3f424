// `--store rdbms-sqlite|rdbms-postgres|rdbms-mariadb|redis`: runs the corpus with its tables
// kept in a database. Each `define table` without a `@store` (and each table of the Siddhi
// suites' test store) gets `@store(type='rdbms', jdbc.url=…, table.name=…)` (or the `redis`
// store), with a table name unique to the case, in a fresh SQLite file, PostgreSQL schema or
// MariaDB database (or under a fresh Redis key prefix) removed afterwards.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { builtinExtensions, createRegistry, type Registry } from '@tributary/engine';
import { createRdbmsExtensions } from '@tributary/store-rdbms';
import { extensions as redisExtensions } from '@tributary/store-redis';

/** The databases `--store` can name. */
export const STORE_TARGETS = ['rdbms-sqlite', 'rdbms-postgres', 'rdbms-mariadb', 'redis'] as const;
export type StoreTarget = (typeof STORE_TARGETS)[number];

/** A prepared database for one run. */
export interface StoreRun {
  readonly extensions: Registry;
  /** Rewrites one case's app (call once per case: table names are numbered). */
  readonly rewriteApp: (app: string) => string;
  /** Where the tables went (for the report). */
  readonly where: string;
  /** Closes connections and drops what the run created. */
  cleanup(): Promise<void>;
}

/** The servers used, overridable for other machines. */
const POSTGRES_URL =
  process.env.TRIBUTARY_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const MARIADB_URL = process.env.TRIBUTARY_TEST_MARIADB ?? 'mysql://root@127.0.0.1:3306/test';
const REDIS_NODES = process.env.TRIBUTARY_TEST_REDIS ?? '127.0.0.1:6379';

const DEFINE_TABLE = /define\s+table\s+([A-Za-z_][A-Za-z0-9_]*)/gi;
const STORE_ANNOTATION = /@store\s*\(([^)]*)\)/i;
const TEST_STORE = /type\s*=\s*(['"])testStoreContainingInMemoryTable\1/i;

/**
 * Puts the tables of `app` into the `rdbms` store: `options` are the `@store` options to add
 * (without `table.name`), `tableName` names each table in the database.
 * @example
 * mapTablesToStore("define table T (a int);", "jdbc.url='jdbc:sqlite::memory:'", (id) => `c1_${id}`);
 * // "@store(type='rdbms', jdbc.url='jdbc:sqlite::memory:', table.name='c1_T') define table T (a int);"
 */
export function mapTablesToStore(
  app: string,
  options: string,
  tableName: (id: string) => string,
  type = 'rdbms',
): string {
  let out = '';
  let last = 0;
  for (const match of app.matchAll(DEFINE_TABLE)) {
    const at = match.index;
    const id = match[1] ?? '';
    // The annotations of this definition: after the previous statement's `;`.
    const start = app.lastIndexOf(';', at) + 1;
    const annotations = app.slice(Math.max(start, last), at);
    const store = `@store(type='${type}', ${options}, table.name='${tableName(id)}')`;
    const existing = STORE_ANNOTATION.exec(annotations);
    if (existing === null) {
      out += `${app.slice(last, at)}${store} `;
    } else if (TEST_STORE.test(existing[1] ?? '')) {
      out += app.slice(last, Math.max(start, last)) + annotations.replace(STORE_ANNOTATION, store);
    } else {
      // Another store (or a `ref`): the case is about that store; leave it.
      out += app.slice(last, at);
    }
    last = at;
  }
  return out + app.slice(last);
}

function randomSuffix(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
}

function numbered(options: string, type = 'rdbms', prefix = ''): (app: string) => string {
  let n = 0;
  return (app) => {
    n += 1;
    return mapTablesToStore(app, options, (id) => `${prefix}c${String(n)}_${id}`, type);
  };
}

function registryWith(rdbms: ReturnType<typeof createRdbmsExtensions>): Registry {
  return createRegistry(builtinExtensions, {
    package: '@tributary/store-rdbms',
    version: '0.1.0',
    extensions: rdbms.extensions,
  });
}

async function sqliteRun(): Promise<StoreRun> {
  const folder = mkdtempSync(join(tmpdir(), 'tributary-conformance-'));
  const file = join(folder, 'tables.db');
  const rdbms = createRdbmsExtensions();
  return Promise.resolve({
    extensions: registryWith(rdbms),
    rewriteApp: numbered(`jdbc.url='jdbc:sqlite:${file}'`),
    where: `SQLite file ${file}`,
    async cleanup() {
      await rdbms.close();
      rmSync(folder, { recursive: true, force: true });
    },
  });
}

async function postgresRun(): Promise<StoreRun> {
  const schema = `conformance_${randomSuffix()}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA "${schema}"`);
  const url = new URL(POSTGRES_URL);
  const user = decodeURIComponent(url.username);
  const jdbc = `jdbc:postgresql://${url.host}${url.pathname}?currentSchema=${schema}`;
  const rdbms = createRdbmsExtensions();
  return {
    extensions: registryWith(rdbms),
    rewriteApp: numbered(`jdbc.url='${jdbc}', username='${user}'`),
    where: `PostgreSQL schema ${schema}`,
    async cleanup() {
      await rdbms.close();
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      await admin.end();
    },
  };
}

async function mariadbRun(): Promise<StoreRun> {
  const database = `conformance_${randomSuffix()}`;
  const admin = await mysql.createConnection(MARIADB_URL);
  await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
  const url = new URL(MARIADB_URL);
  const user = decodeURIComponent(url.username);
  const jdbc = `jdbc:mariadb://${url.host}/${database}`;
  const rdbms = createRdbmsExtensions();
  return {
    extensions: registryWith(rdbms),
    // Binary collation: strings compare case-sensitively, as in the engine.
    rewriteApp: numbered(`jdbc.url='${jdbc}', username='${user}', use.collation='true'`),
    where: `MariaDB database ${database}`,
    async cleanup() {
      await rdbms.close();
      await admin.query(`DROP DATABASE \`${database}\``);
      await admin.end();
    },
  };
}

async function redisRun(): Promise<StoreRun> {
  const prefix = `conformance_${randomSuffix()}_`;
  const [host = '127.0.0.1', port = '6379'] = REDIS_NODES.split(':');
  const admin = new Redis({ host, port: Number(port), lazyConnect: true });
  await admin.connect();
  return {
    extensions: createRegistry(builtinExtensions, {
      package: '@tributary/store-redis',
      version: '0.1.0',
      extensions: redisExtensions,
    }),
    rewriteApp: numbered(`nodes='${REDIS_NODES}'`, 'redis', prefix),
    where: `Redis keys {${prefix}*`,
    async cleanup() {
      const keys = await admin.keys(`{${prefix}*`);
      if (keys.length > 0) await admin.del(...keys);
      admin.disconnect();
    },
  };
}

/**
 * Prepares a database for a run.
 * @example
 * const run = await prepareStoreRun('rdbms-sqlite');
 * const executor = createRuntimeExecutor(run);
 * // … run suites …
 * await run.cleanup();
 */
export function prepareStoreRun(target: StoreTarget): Promise<StoreRun> {
  switch (target) {
    case 'rdbms-sqlite':
      return sqliteRun();
    case 'rdbms-postgres':
      return postgresRun();
    case 'rdbms-mariadb':
      return mariadbRun();
    case 'redis':
      return redisRun();
  }
}

export function isStoreTarget(name: string): name is StoreTarget {
  return (STORE_TARGETS as readonly string[]).includes(name);
}
