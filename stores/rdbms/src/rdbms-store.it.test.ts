// The `rdbms` store against live PostgreSQL and MariaDB servers: the DDL it issues, writes
// queued behind reads in order, native upserts reading the old row, a failing row logged while
// the rest of its chunk is stored, a later app finding the table, and the persistence and error
// stores on the same database. Each run works in a fresh schema/database it drops.

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  VirtualClock,
  type AppRuntime,
  type Logger,
} from '@tributary/engine';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE_DATABASES, type LiveDatabase } from './live-databases.test-support.js';
import { createRdbmsExtensions, type RdbmsExtensions } from './rdbms-store.js';
import { RdbmsErrorStore } from './rdbms-error-store.js';
import { RdbmsPersistenceStore } from './rdbms-persistence-store.js';

describe.each(LIVE_DATABASES)('rdbms store on $name', ({ open }) => {
  let db: LiveDatabase;
  let rdbms: RdbmsExtensions;
  const errors: string[] = [];
  const logger: Logger = {
    log: (level, message) => {
      if (level === 'error') errors.push(message);
    },
  };

  beforeAll(async () => {
    db = await open();
    rdbms = createRdbmsExtensions({ datasources: { LIVE: { url: db.jdbcUrl } } });
  }, 60_000);

  afterAll(async () => {
    await rdbms.close();
    await db.drop();
  });

  function started(text: string): AppRuntime {
    const engine = createEngine({
      timeService: new VirtualClock(0),
      logger,
      extensions: createRegistry(builtinExtensions, {
        package: '@tributary/store-rdbms',
        version: '0.1.0',
        extensions: rdbms.extensions,
      }),
    });
    const created = engine.createApp(text);
    if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
    created.app.start();
    return created.app;
  }

  const stocks = `
    define stream S (symbol string, price float, volume long);
    define stream U (symbol string, price float, volume long);
    @store(type='rdbms', datasource='LIVE', table.name='stocks', field.length='symbol:8', use.collation='true')
    @PrimaryKey('symbol')
    @Index('volume')
    define table StockTable (symbol string, price float, volume long);
    from S select * insert into StockTable;
    from U select * update or insert into StockTable
      set StockTable.volume = StockTable.volume + volume on StockTable.symbol == symbol;`;

  it('creates the table with its key and index', async () => {
    const app = started(stocks);
    await app.shutdown();
    const indexes =
      db.kind === 'postgres'
        ? await db.query(
            "SELECT indexdef AS def FROM pg_indexes WHERE tablename = 'stocks' ORDER BY indexname",
          )
        : await db.query(
            "SELECT CONCAT(index_name, ':', column_name) AS def FROM information_schema.statistics WHERE table_schema = ? AND table_name = 'stocks' ORDER BY index_name, seq_in_index",
            [db.schema],
          );
    const text = JSON.stringify(indexes);
    expect(text).toMatch(/volume/);
    expect(text).toMatch(/pkey|PRIMARY/);
  });

  it('stores queued writes in order before any read', async () => {
    const app = started(stocks);
    const input = app.input('S');
    for (let i = 0; i < 300; i += 1) input.send([`S${String(i)}`, i, i]);
    app.input('U').send(['S7', 1, 100]);
    app.input('U').send(['NEW', 2, 5]);
    expect(app.query("from StockTable on symbol == 'S7' or symbol == 'NEW' select *")).toEqual([
      ['S7', 7, 107],
      ['NEW', 2, 5],
    ]);
    expect(app.query('from StockTable select count() as n, sum(volume) as v')).toEqual([
      [301, 44850 + 100 + 5],
    ]);
    await app.shutdown();
    const rows = await db.query(`SELECT COUNT(*) AS n FROM ${db.table('stocks')}`);
    expect(Number((rows[0] as { n: unknown }).n)).toBe(301);
  });

  it('logs a row the database refuses and keeps the others of its chunk', async () => {
    errors.length = 0;
    const app = started(stocks);
    app.input('S').sendBatch([
      ['OK1', 1, 1],
      ['FAR_TOO_LONG_SYMBOL', 2, 2],
      ['OK2', 3, 3],
    ]);
    expect(
      app.query("from StockTable on symbol == 'OK1' or symbol == 'OK2' select symbol"),
    ).toEqual([['OK1'], ['OK2']]);
    expect(errors.join()).toMatch(/dropping event \["FAR_TOO_LONG_SYMBOL",2,2\]/);
    await app.shutdown();
  });

  it('checks an existing table against a later definition', () => {
    const engine = createEngine({
      timeService: new VirtualClock(0),
      extensions: createRegistry(builtinExtensions, {
        package: '@tributary/store-rdbms',
        version: '0.1.0',
        extensions: rdbms.extensions,
      }),
    });
    const wrong = engine.createApp(
      "@store(type='rdbms', datasource='LIVE', table.name='stocks') define table T (symbol int, price float);",
    );
    expect(wrong.ok).toBe(false);
    expect(wrong.diagnostics.map((d) => d.message).join()).toMatch(
      /column 'symbol' is .*, not a int/,
    );
  });

  it('keeps app snapshots as a persistence store', async () => {
    const store = new RdbmsPersistenceStore({ url: db.jdbcUrl }, { keep: 1 });
    await store.save('A', '0000000001_0000000000000001_F', new Uint8Array([0, 1, 255]));
    await store.save('A', '0000000002_0000000000000002_F', new Uint8Array([7]));
    await store.save('B', '0000000001_0000000000000001_F', new Uint8Array([9]));
    expect(await store.list('A')).toEqual(['0000000002_0000000000000002_F']);
    expect([...((await store.load('A')) ?? [])]).toEqual([7]);
    expect(await store.load('A', '0000000001_0000000000000001_F')).toBeUndefined();
    await store.clear('A');
    expect(await store.list('A')).toEqual([]);
    expect(await store.list('B')).toHaveLength(1);
    await store.close();
  });

  it('keeps erroneous events as an error store', async () => {
    const store = new RdbmsErrorStore({ url: db.jdbcUrl }, { maxEntries: 3 });
    const base = {
      streamName: 'S',
      events: [{ timestamp: 1, data: ['IBM', 1.5] }],
      cause: 'boom',
      occurrence: 'STORE_ON_STREAM_ERROR',
      eventType: 'EVENT_ARRAY',
      errorType: 'MAPPING',
    } as const;
    const first = await store.saveEntry({
      ...base,
      timestamp: 100,
      appName: 'A',
      payload: new Uint8Array([1, 2]),
      origin: { kind: 'source', index: 0 },
      stackTrace: 'Error: boom',
    });
    for (let i = 2; i <= 4; i += 1) {
      await store.saveEntry({ ...base, timestamp: i * 100, appName: i % 2 === 0 ? 'B' : 'A' });
    }
    expect(await store.get(first.id)).toBeUndefined();
    expect(await store.count()).toBe(3);
    expect((await store.list('A')).map((e) => e.timestamp)).toEqual([300]);
    const [b] = await store.list('B', { limit: 1 });
    expect(b).toMatchObject({ appName: 'B', events: [{ timestamp: 1, data: ['IBM', 1.5] }] });
    expect(await store.discard(b?.id ?? -1)).toBe(true);
    expect(await store.purge({ now: 400, retentionMs: 50 })).toBe(1);
    expect(await store.discardAll('B')).toBe(1);
    expect(await store.count('A')).toBe(0);
    await store.close();
  });
});
