// Polling mode through TypeORM against a private PostgreSQL cluster, the machine's MariaDB and
// a SQLite file: the source contract, new rows only (as Siddhi), updates through a timestamp
// column, type mapping, `wait.on.missed.record`, and the position kept in app snapshots.

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InMemoryPersistenceStore } from '@tributary/engine';
import { describeSourceContract, type Rows } from '@tributary/engine/testing';
import mysql from 'mysql2/promise';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLogicalPostgres } from '../../../test/support/pg-logical.js';
import {
  collect,
  createApp,
  EXTENSIONS,
  MARIADB_URL,
  pgClient,
  startApp,
  uniqueName,
  until,
} from './cdc-harness.test-support.js';

/** The few better-sqlite3 calls these tests make (the package ships no types). */
interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): { run(...params: unknown[]): unknown };
  close(): void;
}
const Database = createRequire(import.meta.url)('better-sqlite3') as new (
  file: string,
) => SqliteDatabase;

const cluster = await startLogicalPostgres();
let db: pg.Client;
let maria: mysql.Connection;
const mariaTables: string[] = [];
const sqliteDir = mkdtempSync(join(tmpdir(), 'tributary-cdc-sqlite-'));

beforeAll(async () => {
  db = await pgClient(cluster.client);
  maria = await mysql.createConnection({
    host: '127.0.0.1',
    port: 3306,
    user: 'root',
    database: 'test',
  });
});

afterAll(async () => {
  for (const table of mariaTables) await maria.query(`DROP TABLE IF EXISTS ${table}`);
  await maria.end();
  await db.end();
  await cluster.stop();
  rmSync(sqliteDir, { recursive: true, force: true });
}, 30_000);

function pgSource(table: string, column: string, extra = ''): string {
  return (
    `@source(type='cdc', mode='polling', url='${cluster.url}', username='postgres', password='', ` +
    `jdbc.driver.name='org.postgresql.Driver', table.name='${table}', polling.column='${column}', ` +
    `polling.interval='0.05', ${extra} @map(type='keyvalue'))`
  );
}

async function mariaTable(columns: string): Promise<string> {
  const name = uniqueName('poll');
  await maria.query(`CREATE TABLE ${name} (${columns})`);
  mariaTables.push(name);
  return name;
}

function mariaSource(table: string, column: string, extra = '', map = ''): string {
  return (
    `@source(type='cdc', mode='polling', url='${MARIADB_URL}', username='root', password='', ` +
    `table.name='${table}', polling.column='${column}', polling.interval='0.05', ${extra} ` +
    `@map(type='keyvalue'${map}))`
  );
}

const contractTable = await (async () => {
  const admin = await pgClient(cluster.client);
  const name = uniqueName('contract');
  await admin.query(`CREATE TABLE ${name} (id serial PRIMARY KEY, name text, price float8)`);
  await admin.end();
  return name;
})();

describeSourceContract('cdc (polling, PostgreSQL)', {
  extensions: EXTENSIONS,
  app: pgSource(contractTable, 'id') + '\ndefine stream S (name string, price double);',
  batch: [
    ['IBM', 75.5],
    ['WSO2', 57.25],
  ],
  deliver: async (rows: Rows) => {
    const client = await pgClient(cluster.client);
    for (const row of rows) {
      await client.query(`INSERT INTO ${contractTable} (name, price) VALUES ($1, $2)`, [
        row[0],
        row[1],
      ]);
    }
    await client.end();
  },
});

describe('cdc polling: PostgreSQL', () => {
  it('skips the rows present at the first start and emits later ones, typed', async () => {
    const name = uniqueName('poll');
    await db.query(
      `CREATE TABLE ${name} (id serial PRIMARY KEY, amount numeric(10,2), at timestamptz, big int8, doc jsonb)`,
    );
    await db.query(`INSERT INTO ${name} (amount) VALUES (1), (2)`);
    const app = await startApp(
      pgSource(name, 'id') +
        '\ndefine stream S (id int, amount double, at long, big long, doc string);',
    );
    try {
      const got = collect(app);
      await db.query(
        `INSERT INTO ${name} (amount, at, big, doc) VALUES (10.25, '2024-01-02 03:04:05+00', 42, '{"k": 1}')`,
      );
      await until(
        () => got.length >= 1,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([[3, 10.25, Date.UTC(2024, 0, 2, 3, 4, 5), 42, '{"k": 1}']]);
    } finally {
      await app.shutdown();
      await db.query(`DROP TABLE ${name}`);
    }
  });

  it('captures updates through a timestamp polling column', async () => {
    const name = uniqueName('poll');
    await db.query(`CREATE TABLE ${name} (id int PRIMARY KEY, qty int, changed timestamp(3))`);
    await db.query(`INSERT INTO ${name} VALUES (1, 1, '2024-01-01 00:00:00')`);
    const app = await startApp(
      pgSource(name, 'changed') + '\ndefine stream S (id int, qty int, changed long);',
    );
    try {
      const got = collect(app);
      await db.query(`UPDATE ${name} SET qty = 5, changed = '2024-01-01 00:00:01' WHERE id = 1`);
      await db.query(`INSERT INTO ${name} VALUES (2, 7, '2024-01-01 00:00:02')`);
      await until(
        () => got.length >= 2,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([
        [1, 5, Date.UTC(2024, 0, 1, 0, 0, 1)],
        [2, 7, Date.UTC(2024, 0, 1, 0, 0, 2)],
      ]);
    } finally {
      await app.shutdown();
      await db.query(`DROP TABLE ${name}`);
    }
  });

  it('resumes from the position kept in a persisted snapshot', async () => {
    const name = uniqueName('poll');
    await db.query(`CREATE TABLE ${name} (id serial PRIMARY KEY, v text)`);
    const store = new InMemoryPersistenceStore();
    const text =
      '@app:name("PollResume")\n' + pgSource(name, 'id') + '\ndefine stream S (id int, v string);';
    const first = await startApp(text, { persistence: { store } });
    const got1 = collect(first);
    await db.query(`INSERT INTO ${name} (v) VALUES ('a'), ('b')`);
    await until(
      () => got1.length >= 2,
      () => JSON.stringify(got1),
    );
    await first.persist();
    await first.shutdown();
    await db.query(`INSERT INTO ${name} (v) VALUES ('c'), ('d')`);
    const second = createApp(text, { persistence: { store } });
    await second.restoreLastRevision();
    const got2 = collect(second);
    second.start();
    try {
      await second.whenConnected();
      await until(
        () => got2.length >= 2,
        () => JSON.stringify(got2),
      );
      expect(got2).toEqual([
        [3, 'c'],
        [4, 'd'],
      ]);
    } finally {
      await second.shutdown();
      await db.query(`DROP TABLE ${name}`);
    }
  });
});

describe('cdc polling: MariaDB', () => {
  it('maps decimals, datetimes, TINYINT(1), BIGINT and JSON', async () => {
    const name = await mariaTable(
      'id int AUTO_INCREMENT PRIMARY KEY, price decimal(10,3), at datetime(3), ok tinyint(1), ' +
        'big bigint, doc json, note varchar(20)',
    );
    const app = await startApp(
      mariaSource(name, 'id', '', ", fail.on.missing.attribute='false'") +
        '\ndefine stream S (id int, price double, at long, ok bool, big long, doc string, note string);',
    );
    try {
      const got = collect(app);
      await maria.query(
        `INSERT INTO ${name} (price, at, ok, big, doc, note) VALUES (12.345, '2024-03-04 05:06:07.890', 1, 9007199254740991, '{"x":1}', NULL)`,
      );
      await until(
        () => got.length >= 1,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([
        [1, 12.345, Date.UTC(2024, 2, 4, 5, 6, 7, 890), true, 9007199254740991, '{"x":1}', null],
      ]);
    } finally {
      await app.shutdown();
    }
  });

  it('waits on a missed record until it appears (wait.on.missed.record)', async () => {
    const name = await mariaTable('id int PRIMARY KEY, v varchar(10)');
    await maria.query(`INSERT INTO ${name} VALUES (1, 'a')`);
    const app = await startApp(
      mariaSource(name, 'id', "wait.on.missed.record='true',") +
        '\ndefine stream S (id int, v string);',
    );
    try {
      const got = collect(app);
      await maria.query(`INSERT INTO ${name} VALUES (2, 'b'), (4, 'd')`);
      await until(
        () => got.length >= 1,
        () => JSON.stringify(got),
      );
      // id 3 is missing: 4 is held back however many polls run
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(got).toEqual([[2, 'b']]);
      await maria.query(`INSERT INTO ${name} VALUES (3, 'c')`);
      await until(
        () => got.length >= 3,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([
        [2, 'b'],
        [3, 'c'],
        [4, 'd'],
      ]);
    } finally {
      await app.shutdown();
    }
  });

  it('goes on after missed.record.waiting.timeout', async () => {
    const name = await mariaTable('id int PRIMARY KEY, v varchar(10)');
    const app = await startApp(
      mariaSource(name, 'id', "wait.on.missed.record='true', missed.record.waiting.timeout='1',") +
        '\ndefine stream S (id int, v string);',
    );
    try {
      const got = collect(app);
      await maria.query(`INSERT INTO ${name} VALUES (1, 'a'), (3, 'c')`);
      await until(
        () => got.length >= 1,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([[1, 'a']]);
      const started = Date.now();
      await until(
        () => got.length >= 2,
        () => JSON.stringify(got),
        5_000,
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(500);
      expect(got[1]).toEqual([3, 'c']);
    } finally {
      await app.shutdown();
    }
  });
});

describe('cdc polling: SQLite', () => {
  it('polls a SQLite file by id, reading datetimes as epoch ms', async () => {
    const file = join(sqliteDir, `${uniqueName('db')}.sqlite`);
    const sqlite = new Database(file);
    sqlite.exec(
      'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, added DATETIME, ok BOOLEAN)',
    );
    sqlite
      .prepare("INSERT INTO items (name, added, ok) VALUES ('old', '2024-01-01 00:00:00', 1)")
      .run();
    const app = await startApp(
      `@source(type='cdc', mode='polling', url='jdbc:sqlite:${file}', table.name='items', ` +
        "polling.column='id', polling.interval='0.05', @map(type='keyvalue'))\n" +
        'define stream S (id long, name string, added long, ok bool);',
    );
    try {
      const got = collect(app);
      sqlite
        .prepare("INSERT INTO items (name, added, ok) VALUES ('new', '2024-06-01 12:00:00', 0)")
        .run();
      await until(
        () => got.length >= 1,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([[2, 'new', Date.UTC(2024, 5, 1, 12), false]]);
    } finally {
      await app.shutdown();
      sqlite.close();
    }
  });

  it('refuses a SQLite file that does not exist', async () => {
    const app = createApp(
      `@source(type='cdc', mode='polling', url='jdbc:sqlite:${join(sqliteDir, 'missing.db')}', ` +
        "table.name='items', polling.column='id', @map(type='keyvalue')) define stream S (id long);",
    );
    app.start();
    try {
      await expect(app.whenConnected()).rejects.toThrow(/does not exist/);
    } finally {
      await app.shutdown();
    }
  });
});
