// The `redis` store against a live Redis on loopback (TRIBUTARY_TEST_REDIS, default
// 127.0.0.1:6379): rows as hashes under the table's key prefix, primary keys enforced, index
// sets kept in step with updates and deletes, key changes and time to live (the table
// conformance suites run on it in test/conformance). Keys live under a prefix unique to the run,
// removed at the end.

import {
  builtinExtensions,
  createEngine,
  createRegistry,
  VirtualClock,
  type AppRuntime,
  type Logger,
} from '@tributary/engine';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extensions } from './index.js';

const NODES = process.env.TRIBUTARY_TEST_REDIS ?? '127.0.0.1:6379';
const PREFIX = `tributary_it_${Date.now().toString(36)}_`;

let redis: Redis;
const errors: string[] = [];
const logger: Logger = {
  log: (level, message) => {
    if (level === 'error') errors.push(message);
  },
};

beforeAll(async () => {
  const [host = '127.0.0.1', port = '6379'] = NODES.split(':');
  redis = new Redis({ host, port: Number(port), lazyConnect: true });
  await redis.connect();
});

afterAll(async () => {
  const keys = await redis.keys(`{${PREFIX}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

function started(text: string): AppRuntime {
  const engine = createEngine({
    timeService: new VirtualClock(0),
    logger,
    extensions: createRegistry(builtinExtensions, {
      package: '@tributary/store-redis',
      version: '0.1.0',
      extensions,
    }),
  });
  const created = engine.createApp(text);
  if (!created.ok) throw new Error(created.diagnostics.map((d) => d.message).join('; '));
  created.app.start();
  return created.app;
}

const app = (table: string, extra = ''): string => `
  define stream S (symbol string, price float, volume long);
  define stream U (symbol string, newSymbol string, volume long);
  define stream D (volume long);
  @store(type='redis', nodes='${NODES}', table.name='${PREFIX}${table}'${extra})
  @PrimaryKey('symbol')
  @Index('volume')
  define table StockTable (symbol string, price float, volume long);
  from S select * insert into StockTable;
  from U update StockTable set StockTable.symbol = newSymbol, StockTable.volume = volume
    on StockTable.symbol == symbol;
  from D delete StockTable on StockTable.volume == volume;`;

describe('redis store', () => {
  it('keeps rows as hashes with an ordered id set and index sets', async () => {
    const runtime = started(app('a'));
    runtime.input('S').send(['IBM', 75.5, 100]);
    runtime.input('S').send(['WSO2', 57.5, 10]);
    runtime.input('S').send(['ORCL', null, 100]);
    expect(runtime.query('from StockTable on volume == 100 select symbol')).toEqual([
      ['IBM'],
      ['ORCL'],
    ]);
    const tag = `{${PREFIX}a}`;
    expect(await redis.hgetall(`${tag}:row:["IBM"]`)).toEqual({
      symbol: 'IBM',
      price: '75.5',
      volume: '100',
    });
    expect(await redis.hgetall(`${tag}:row:["ORCL"]`)).toEqual({ symbol: 'ORCL', volume: '100' });
    expect(await redis.zrange(`${tag}:rows`, '0', '-1')).toEqual([
      '["IBM"]',
      '["WSO2"]',
      '["ORCL"]',
    ]);
    expect((await redis.smembers(`${tag}:idx:volume:100`)).sort()).toEqual(['["IBM"]', '["ORCL"]']);
    await runtime.shutdown();
  });

  it('drops a row whose key is taken, and keeps index sets in step with updates and deletes', async () => {
    errors.length = 0;
    const runtime = started(app('b'));
    runtime.input('S').send(['IBM', 75.5, 100]);
    runtime.input('S').send(['IBM', 80.5, 200]);
    runtime.input('S').send(['WSO2', 57.5, 10]);
    runtime.input('U').send(['IBM', 'IBM2', 5]);
    runtime.input('U').send(['WSO2', 'IBM2', 7]);
    expect(runtime.query('from StockTable select *')).toEqual([
      ['IBM2', 75.5, 5],
      ['WSO2', 57.5, 10],
    ]);
    expect(errors.join()).toMatch(/dropping event \["IBM",80.5,200\].*primary key 'IBM'/);
    expect(errors.join()).toMatch(/update failed, as there is already an event stored/);
    const tag = `{${PREFIX}b}`;
    expect(await redis.smembers(`${tag}:idx:volume:100`)).toEqual([]);
    expect(await redis.smembers(`${tag}:idx:volume:5`)).toEqual(['["IBM2"]']);
    runtime.input('D').send([10]);
    expect(runtime.query('from StockTable select symbol')).toEqual([['IBM2']]);
    expect(await redis.exists(`${tag}:row:["WSO2"]`)).toBe(0);
    await runtime.shutdown();
  });

  it('gives rows a time to live', async () => {
    const runtime = started(app('c', ", ttl.seconds='600'"));
    runtime.input('S').send(['IBM', 75.5, 100]);
    expect(runtime.query('from StockTable select symbol')).toEqual([['IBM']]);
    const ttl = await redis.ttl(`{${PREFIX}c}:row:["IBM"]`);
    expect(ttl).toBeGreaterThan(500);
    expect(ttl).toBeLessThanOrEqual(600);
    await runtime.shutdown();
  });
});
