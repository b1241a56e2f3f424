// SQL injection: hostile strings arriving in events, in on-demand query parameters and in the
// selections run in SQL (group by, having, order by, limit) reach SQLite, PostgreSQL and
// MariaDB only as bound values. They are stored verbatim, compared as
// plain values (a tautology matches nothing), and every table survives — checked from outside
// the store, with the database's own client.

import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  builtinExtensions,
  createEngine,
  createRegistry,
  silentLogger,
  VirtualClock,
  type AppRuntime,
} from '@tributary/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshMariadb, freshPostgres } from './live-databases.test-support.js';
import { createRdbmsExtensions, type RdbmsExtensions } from './rdbms-store.js';

/** What an attacker would send: quotes, comments, stacked statements, tautologies. */
const HOSTILE = [
  "x'; DROP TABLE users; --",
  "' OR '1'='1",
  '" OR ""="',
  "IBM'); DELETE FROM users WHERE ('1'='1",
  "\\'; SELECT pg_sleep(5); --",
  '1; UPDATE users SET secret = NULL',
  "Robert'); DROP TABLE users;--",
  '`users`; TRUNCATE `users`',
];

/** A database to attack: its `jdbc.url`, a way to read it directly, and cleanup. */
interface Target {
  readonly url: string;
  rows(table: string): Promise<{ name: string; secret: string | null }[]>;
  close(): Promise<void>;
}

async function sqliteTarget(): Promise<Target> {
  const folder = mkdtempSync(join(tmpdir(), 'tributary-injection-'));
  const file = join(folder, 'db.sqlite');
  interface Db {
    prepare(sql: string): { all(): { name: string; secret: string | null }[] };
    close(): void;
  }
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (f: string) => Db;
  return Promise.resolve({
    url: `jdbc:sqlite:${file}`,
    rows(table) {
      const db = new Database(file);
      try {
        return Promise.resolve(
          db.prepare(`SELECT name, secret FROM "${table}" ORDER BY rowid`).all(),
        );
      } finally {
        db.close();
      }
    },
    close() {
      rmSync(folder, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
}

async function serverTarget(open: typeof freshPostgres): Promise<Target> {
  const db = await open();
  return {
    url: db.jdbcUrl,
    async rows(table) {
      const order = db.kind === 'postgres' ? '"_tributary_seq"' : '`_tributary_seq`';
      return (await db.query(`SELECT name, secret FROM ${db.table(table)} ORDER BY ${order}`)) as {
        name: string;
        secret: string | null;
      }[];
    },
    close: () => db.drop(),
  };
}

const TARGETS = [
  { name: 'SQLite', open: sqliteTarget },
  { name: 'PostgreSQL', open: () => serverTarget(freshPostgres) },
  { name: 'MariaDB', open: () => serverTarget(freshMariadb) },
] as const;

describe.each(TARGETS)('hostile strings on $name', ({ open }) => {
  let target: Target;
  let rdbms: RdbmsExtensions;
  let app: AppRuntime;

  beforeAll(async () => {
    target = await open();
    rdbms = createRdbmsExtensions({ lingerMs: 0 });
    const engine = createEngine({
      timeService: new VirtualClock(0),
      logger: silentLogger,
      extensions: createRegistry(builtinExtensions, {
        package: '@tributary/store-rdbms',
        version: '0.1.0',
        extensions: rdbms.extensions,
      }),
    });
    const store = `@store(type='rdbms', jdbc.url='${target.url}', use.collation='true', field.length='name:200')`;
    const created = engine.createApp(`
      define stream Add (name string, secret string);
      define stream Remove (name string);
      define stream Change (name string, secret string);
      ${store.replace("')", "', table.name='users')")}
      @PrimaryKey('name')
      define table Users (name string, secret string);
      ${store.replace("')", "', table.name='audit')")}
      define table Audit (name string, secret string);
      from Add select * insert into Users;
      from Add select * insert into Audit;
      from Remove delete Users on Users.name == name;
      from Change select * update or insert into Users on Users.name == name;`);
    if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
    app = created.app;
    app.start();
    app.input('Add').send(['alice', 'a-secret']);
    for (const [i, hostile] of HOSTILE.entries()) app.input('Add').send([hostile, `s${String(i)}`]);
  }, 60_000);

  afterAll(async () => {
    await app.shutdown();
    await rdbms.close();
    await target.close();
  });

  it('stores hostile strings from events verbatim, and every table survives', async () => {
    const expected = [
      { name: 'alice', secret: 'a-secret' },
      ...HOSTILE.map((name, i) => ({ name, secret: `s${String(i)}` })),
    ];
    // Reads through the store wait for the writes queued for their table.
    app.query('from Users select name');
    app.query('from Audit select name');
    expect(await target.rows('users')).toEqual(expected);
    expect(await target.rows('audit')).toEqual(expected);
  });

  it('compares hostile on-demand query parameters as plain values', () => {
    expect(app.query(`from Users on name == "' OR '1'='1" select name`)).toEqual([["' OR '1'='1"]]);
    expect(app.query(`from Users on name == "nobody' OR '1'='1" select name`)).toEqual([]);
    expect(app.query(`from Users on name == "x'; DROP TABLE users; --" select secret`)).toEqual([
      ['s0'],
    ]);
    expect(app.query('from Users on secret == \'a-secret" OR ""="\' select name')).toEqual([]);
    expect(app.query('from Users select count() as n')).toEqual([[HOSTILE.length + 1]]);
  });

  it('binds hostile strings of selections run in SQL (group by, having, order by, limit)', async () => {
    const names = ['alice', ...HOSTILE];
    expect(
      app.query(
        `from Users select name, count() as n group by name having name == "' OR '1'='1" order by name limit 5`,
      ),
    ).toEqual([["' OR '1'='1", 1]]);
    expect(
      app.query(`from Users on secret != "x' OR 1=1 --" select count() as n having n > 0`),
    ).toEqual([[names.length]]);
    expect(
      app.query(
        `from Users select "'; DROP TABLE users; --" as tag, count() as n, distinctCount(secret) as d`,
      ),
    ).toEqual([["'; DROP TABLE users; --", names.length, names.length]]);
    const descending = [...names].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    expect(app.query('from Users select name order by name desc limit 2 offset 1')).toEqual(
      descending.slice(1, 3).map((n) => [n]),
    );
    expect(
      app.query(`from Users select secret group by secret having secret == "a-secret' --"`),
    ).toEqual([]);
    expect(await target.rows('users')).toHaveLength(names.length);
    expect(await target.rows('audit')).toHaveLength(names.length);
  });

  it('deletes and updates only the rows whose values match the hostile strings exactly', async () => {
    app.input('Remove').send(["' OR '1'='1"]);
    app.input('Change').send(['1; UPDATE users SET secret = NULL', "changed'); --"]);
    app.input('Change').send(["new' --", 'fresh']);
    app.query(`select "x' OR 1=1 --" as name, "s" as secret insert into Users`);
    app.query(`select "Robert'); DROP TABLE users;--" as name delete Users on Users.name == name`);
    app.query('from Users select name');
    const rows = await target.rows('users');
    expect(rows.map((r) => r.name)).toEqual([
      'alice',
      ...HOSTILE.filter((h) => h !== "' OR '1'='1" && !h.startsWith('Robert')),
      "new' --",
      "x' OR 1=1 --",
    ]);
    expect(rows.find((r) => r.name.startsWith('1; UPDATE'))?.secret).toBe("changed'); --");
    expect(rows.find((r) => r.name === 'alice')?.secret).toBe('a-secret');
  });
});
