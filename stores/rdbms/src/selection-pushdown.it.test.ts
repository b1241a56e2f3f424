// On-demand selections run in SQL (aggregates, group by, having, order by, limit, offset) give
// exactly the rows the engine computes from the found records: the same queries run against the
// same data with push-down on and off, on SQLite, PostgreSQL and MariaDB — nulls, ties in order,
// empty results, case- and space-different strings, floats that are not exact in 32 bits, and
// queries that must stay with the engine (non-monotone having, last-row columns).

import { mkdtempSync, rmSync } from 'node:fs';
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
import { KEPT, PUSHED, ROWS, TABLE } from './selection-queries.test-support.js';

/** A database for one run: its `jdbc.url` and cleanup. */
interface Target {
  readonly url: string;
  close(): Promise<void>;
}

function sqliteTarget(): Promise<Target> {
  const folder = mkdtempSync(join(tmpdir(), 'tributary-selection-'));
  return Promise.resolve({
    url: `jdbc:sqlite:${join(folder, 'db.sqlite')}`,
    close: () => {
      rmSync(folder, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
}

async function serverTarget(open: typeof freshPostgres): Promise<Target> {
  const db = await open();
  return { url: db.jdbcUrl, close: () => db.drop() };
}

const TARGETS = [
  { name: 'SQLite', open: sqliteTarget },
  { name: 'PostgreSQL', open: () => serverTarget(freshPostgres) },
  { name: 'MariaDB', open: () => serverTarget(freshMariadb) },
] as const;

describe.each(TARGETS)('on-demand selections in SQL on $name', ({ open }) => {
  let target: Target;
  const stores: RdbmsExtensions[] = [];
  const apps: AppRuntime[] = [];
  let pushed: AppRuntime;
  let engine: AppRuntime;

  function started(pushDown: boolean, table: string, collation: boolean): AppRuntime {
    const rdbms = createRdbmsExtensions({ pushDown, lingerMs: 0 });
    stores.push(rdbms);
    const created = createEngine({
      timeService: new VirtualClock(0),
      logger: silentLogger,
      extensions: createRegistry(builtinExtensions, {
        package: '@tributary/store-rdbms',
        version: '0.1.0',
        extensions: rdbms.extensions,
      }),
    }).createApp(`
      define stream S ${TABLE};
      @store(type='rdbms', jdbc.url='${target.url}', table.name='${table}', use.collation='${String(collation)}')
      define table T ${TABLE};
      from S insert into T;`);
    if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
    const app = created.app;
    apps.push(app);
    app.start();
    for (const row of ROWS) app.input('S').send([...row]);
    return app;
  }

  beforeAll(async () => {
    target = await open();
    pushed = started(true, 'pushed', true);
    engine = started(false, 'engine', true);
  }, 60_000);

  afterAll(async () => {
    for (const app of apps) await app.shutdown();
    for (const store of stores) await store.close();
    await target.close();
  });

  it.each(PUSHED)('gives the engine rows for %s', (query) => {
    const expected = engine.queryResult(query);
    expect(pushed.queryResult(query)).toEqual(expected);
  });

  it.each(KEPT)('leaves to the engine %s', (query) => {
    expect(pushed.queryResult(query)).toEqual(engine.queryResult(query));
  });

  it('reads what was written just before', () => {
    const query = 'from T select count() as n, sum(volume) as v';
    const before = pushed.query(query);
    pushed.input('S').send(['NEW', 1, 1000, true, 1]);
    engine.input('S').send(['NEW', 1, 1000, true, 1]);
    expect(pushed.query(query)).toEqual(engine.query(query));
    expect(pushed.query(query)).not.toEqual(before);
  });

  it('groups strings as the engine does without a binary collation', () => {
    const loose = started(true, 'loose', false);
    const looseEngine = started(false, 'loose_engine', false);
    const query = 'from T select symbol, count() as n, distinctCount(symbol) as d group by symbol';
    const expected = looseEngine.queryResult(query);
    expect(expected.rows).toHaveLength(7);
    expect(loose.queryResult(query)).toEqual(expected);
  });
});
