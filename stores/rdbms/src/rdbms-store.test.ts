// The `rdbms` store on SQLite through the engine: tables are created with their key and
// indexes, found again (and checked) by later apps, keys are enforced, datasources resolve by
// name, bad options fail planning with a clear message, and the row cache answers lookups.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import {
  builtinExtensions,
  createEngine,
  createRegistry,
  silentLogger,
  VirtualClock,
  type AppRuntime,
  type Logger,
} from '@tributary/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { dialectOf } from './dialect.js';
import { createRdbmsExtensions, type RdbmsStoreSettings } from './rdbms-store.js';
import { RdbmsRecordTable } from './rdbms-record-table.js';
import { RecordingExecutor } from './recording-executor.test-support.js';

const folder = mkdtempSync(join(tmpdir(), 'tributary-rdbms-'));
const file = join(folder, 'store.db');
const opened: { close(): Promise<void> }[] = [];

afterAll(async () => {
  for (const o of opened) await o.close();
  rmSync(folder, { recursive: true, force: true });
});

function engineWith(settings: RdbmsStoreSettings = {}, logger: Logger = silentLogger) {
  const rdbms = createRdbmsExtensions({ lingerMs: 0, ...settings });
  opened.push(rdbms);
  return createEngine({
    timeService: new VirtualClock(0),
    logger,
    extensions: createRegistry(builtinExtensions, {
      package: '@tributary/store-rdbms',
      version: '0.1.0',
      extensions: rdbms.extensions,
    }),
  });
}

function started(text: string, settings?: RdbmsStoreSettings, logger?: Logger): AppRuntime {
  const created = engineWith(settings, logger).createApp(text);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
  created.app.start();
  return created.app;
}

const STOCKS = (store: string): string => `
define stream S (symbol string, price float, volume long);
${store}
@PrimaryKey('symbol')
@Index('volume')
define table StockTable (symbol string, price float, volume long);
from S select * insert into StockTable;`;

interface SqliteCheck {
  prepare(sql: string): { all(...args: unknown[]): unknown[] };
  close(): void;
}
function sqliteFile(path: string): SqliteCheck {
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (
    f: string,
  ) => SqliteCheck;
  return new Database(path);
}

describe('rdbms store on SQLite', () => {
  it('creates the table with its key and index, and a later app finds the rows', async () => {
    const store = `@store(type='rdbms', jdbc.url='jdbc:sqlite:${file}', table.name='stocks_a')`;
    const first = started(STOCKS(store));
    first.input('S').send(['IBM', 75.5, 100]);
    first.input('S').send(['WSO2', 57.5, 10]);
    await first.shutdown();

    const db = sqliteFile(file);
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE tbl_name = 'stocks_a'").all();
    db.close();
    expect(JSON.stringify(sql)).toContain('PRIMARY KEY (\\"symbol\\")');
    expect(JSON.stringify(sql)).toContain('CREATE INDEX \\"stocks_a_volume_idx\\"');

    const second = started(STOCKS(store));
    expect(second.query('from StockTable select symbol, volume order by volume')).toEqual([
      ['WSO2', 10],
      ['IBM', 100],
    ]);
    await second.shutdown();
  });

  it('refuses a table whose columns do not match the definition', async () => {
    const url = `jdbc:sqlite:${file}`;
    const app = `@store(type='rdbms', jdbc.url='${url}', table.name='stocks_b') define table T (symbol string, price double);`;
    const first = engineWith().createApp(app);
    expect(first.ok).toBe(true);
    await first.app?.shutdown();
    const other = `@store(type='rdbms', jdbc.url='${url}', table.name='stocks_b') define table T (symbol string, amount double);`;
    const second = engineWith().createApp(other);
    expect(second.ok).toBe(false);
    expect(second.diagnostics.map((d) => d.message).join()).toMatch(
      /table 'stocks_b' exists but does not match 'T': no column 'amount'/,
    );
  });

  it('drops and logs a row whose primary key is taken', async () => {
    const lines: string[] = [];
    const logger: Logger = {
      log: (level, message) => {
        if (level === 'error') lines.push(message);
      },
    };
    const app = started(STOCKS("@store(type='rdbms')"), {}, logger);
    app.input('S').send(['IBM', 75.5, 100]);
    app.input('S').send(['IBM', 80.5, 200]);
    expect(app.query('from StockTable select *')).toEqual([['IBM', 75.5, 100]]);
    expect(lines.join()).toMatch(/dropping event \["IBM",80.5,200\].*primary key 'IBM'/);
    await app.shutdown();
  });

  it('finds a datasource by name, and names the ones it knows when one is missing', async () => {
    const settings: RdbmsStoreSettings = {
      datasources: { STOCKS_DB: { url: `jdbc:sqlite:${file}` } },
    };
    const app = started(
      STOCKS("@store(type='rdbms', datasource='STOCKS_DB', table.name='stocks_c')"),
      settings,
    );
    app.input('S').send(['ORCL', 10, 1]);
    expect(app.query("from StockTable on symbol == 'ORCL' select price")).toEqual([[10]]);
    await app.shutdown();
    const missing = engineWith(settings).createApp(
      STOCKS("@store(type='rdbms', datasource='NOPE')"),
    );
    expect(missing.diagnostics.map((d) => d.message).join()).toMatch(
      /no datasource named 'NOPE' is configured \(datasources: STOCKS_DB\)/,
    );
  });

  it('uses the default datasource for tables that name no database', async () => {
    const settings: RdbmsStoreSettings = {
      datasources: { MAIN: { url: `jdbc:sqlite:${file}` } },
      defaultDatasource: 'MAIN',
    };
    const app = started(STOCKS("@store(type='rdbms', table.name='stocks_d')"), settings);
    app.input('S').send(['A', 1, 1]);
    await app.shutdown();
    const db = sqliteFile(file);
    expect(db.prepare('SELECT symbol FROM stocks_d').all()).toEqual([{ symbol: 'A' }]);
    db.close();
  });

  it('reports options it cannot use', () => {
    const engine = engineWith();
    const cases: [string, RegExp][] = [
      ["jdbc.url='jdbc:oracle:thin:@x'", /unsupported database 'oracle'/],
      [
        "jdbc.url='jdbc:sqlite::memory:', jdbc.driver.name='org.postgresql.Driver'",
        /is a postgres driver, but the database is sqlite/,
      ],
      ["pool.properties='maximumPoolSize'", /pool property 'maximumPoolSize' has no value/],
      ["field.length='symbol'", /field.length: 'symbol' is not 'attribute:length'/],
      ["jdbc.ur='x'", /store 'rdbms' has no option 'jdbc.ur'/],
    ];
    for (const [options, message] of cases) {
      const result = engine.createApp(
        `@store(type='rdbms', ${options}) define table T (symbol string);`,
      );
      expect(result.ok).toBe(false);
      expect(result.diagnostics.map((d) => d.message).join()).toMatch(message);
    }
  });

  it('keeps nulls, booleans, floats and objects as the engine has them', async () => {
    const app = started(`
      define stream S (s string, i int, l long, f float, d double, b bool, o object);
      @store(type='rdbms') define table T (s string, i int, l long, f float, d double, b bool, o object);
      from S select * insert into T;`);
    app.input('S').send(['x', 1, 2 ** 40, Math.fround(1.1), 2.2, true, { a: [1, 'b'] }]);
    app.input('S').send([null, null, null, null, null, false, null]);
    expect(app.query('from T select *')).toEqual([
      ['x', 1, 2 ** 40, Math.fround(1.1), 2.2, true, { a: [1, 'b'] }],
      [null, null, null, null, null, false, null],
    ]);
    expect(app.query('from T on not (i == 1) select b')).toEqual([[false]]);
    await app.shutdown();
  });
});

describe('the row cache', () => {
  it('answers repeated key lookups from memory and forgets keys on writes', () => {
    const executor = new RecordingExecutor();
    const dialect = dialectOf('sqlite', { binaryCollation: false });
    const table = new RdbmsRecordTable(
      {
        id: 'T',
        attributes: [
          { name: 'k', type: 'string' },
          { name: 'v', type: 'int' },
        ],
        primaryKey: [0],
        indexes: [],
      },
      { appName: 'A', logger: silentLogger },
      {
        executor,
        dialect,
        state: { sqlName: '"T"', created: true, order: 'rowid' },
        cacheSize: 2,
        release: () => Promise.resolve(),
      },
    );
    const byKey = table.compileCondition({
      kind: 'compare',
      op: '==',
      left: { kind: 'column', name: 'k', type: 'string' },
      right: { kind: 'parameter', index: 0, type: 'string' },
    });
    if (byKey === null) throw new Error('must compile');
    executor.answers.push([['a', 1]]);
    expect(table.find(byKey, ['a'])).toEqual([['a', 1]]);
    expect(table.find(byKey, ['a'])).toEqual([['a', 1]]);
    expect(table.contains(byKey, ['a'])).toBe(true);
    expect(executor.jobs).toHaveLength(1);
    table.delete(byKey, [['a']]);
    executor.answers.push([]);
    expect(table.find(byKey, ['a'])).toEqual([]);
    expect(table.contains(byKey, ['a'])).toBe(false);
    expect(executor.jobs).toHaveLength(3);
    expect(table.cacheStatistics).toEqual({ hits: 3, misses: 2, size: 1 });
  });
});
