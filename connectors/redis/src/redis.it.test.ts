// The redis pub/sub source and sink against the Redis server on loopback: the io contract
// suites, channels and patterns with transport properties, dynamic channels, an app from source
// to sink, and a private server stopped and started again (the source reconnects; a sink whose
// server is down follows on.error).

import { describeSinkContract, describeSourceContract, type Rows } from '@tributary/engine/testing';
import { describe, expect, it } from 'vitest';
import {
  client,
  collectChannel,
  EXTENSIONS,
  jsonMessages,
  PrivateRedisServer,
  REDIS_URL,
  startApp,
  uniqueName,
  until,
} from './redis-harness.test-support.js';

const NAMES = ['symbol', 'price'];
const STREAM = 'define stream S (symbol string, price double);';
const BATCH: Rows = [
  ['IBM', 75.5],
  ['WSO2', 57.25],
  ['ACME', 1.5],
];

async function publish(channel: string, rows: Rows, url = REDIS_URL): Promise<void> {
  const c = client(url);
  for (const message of jsonMessages(NAMES, rows)) await c.publish(channel, message);
  await c.quit();
}

const sourceChannel = uniqueName('contract.source');
describeSourceContract('redis (channel)', {
  extensions: EXTENSIONS,
  app: `@source(type='redis', url='${REDIS_URL}', channel='${sourceChannel}', @map(type='json'))\n${STREAM}`,
  batch: BATCH,
  deliver: (rows) => publish(sourceChannel, rows),
});

const patternPrefix = uniqueName('contract.pattern');
describeSourceContract('redis (pattern)', {
  extensions: EXTENSIONS,
  app: `@source(type='redis', url='${REDIS_URL}', pattern='${patternPrefix}.*', @map(type='json'))\n${STREAM}`,
  batch: BATCH,
  deliver: (rows) => publish(`${patternPrefix}.x`, rows),
});

const sinkChannel = uniqueName('contract.sink');
describeSinkContract('redis', {
  extensions: EXTENSIONS,
  app: `@sink(type='redis', url='${REDIS_URL}', channel='${sinkChannel}', @map(type='json'))\n${STREAM}`,
  batch: BATCH,
  collect: () => collectChannel(sinkChannel, NAMES),
});

describe('redis source and sink options', () => {
  it('reads the channel and the matched pattern as transport properties', async () => {
    const prefix = uniqueName('trp');
    const app = await startApp(
      `@source(type='redis', channel='${prefix}.plain', pattern='${prefix}.p.*', ` +
        "@map(type='json', @attributes(symbol='$.event.symbol', channel='trp:channel', " +
        "pattern='trp:pattern')))\ndefine stream S (symbol string, channel string, pattern string);",
    );
    try {
      const got: unknown[][] = [];
      app.onStream('S', (events) => {
        for (const e of events) got.push([...e.data]);
      });
      await publish(`${prefix}.p.one`, [['A', 1]]);
      await until(
        () => got.length === 1,
        () => JSON.stringify(got),
      );
      expect(got).toEqual([['A', `${prefix}.p.one`, `${prefix}.p.*`]]);
    } finally {
      await app.shutdown();
    }
  });

  it('publishes to the channel an event names, and an app filters from channel to channel', async () => {
    const prefix = uniqueName('e2e');
    const out = await collectChannel(`${prefix}.out.IBM`, NAMES);
    const app = await startApp(
      `@source(type='redis', channel='${prefix}.in', @map(type='json'))\n${STREAM}\n` +
        `@sink(type='redis', channel='${prefix}.out.{{symbol}}', @map(type='json'))\n` +
        'define stream Expensive (symbol string, price double);\n' +
        'from S[price > 10.0] select symbol, price insert into Expensive;',
    );
    try {
      await publish(`${prefix}.in`, [
        ['IBM', 75.5],
        ['CHEAP', 1.5],
        ['IBM', 80.5],
      ]);
      await until(
        () => out.received().length === 2,
        () => JSON.stringify(out.received()),
      );
      expect(out.received()).toEqual([
        ['IBM', 75.5],
        ['IBM', 80.5],
      ]);
    } finally {
      await app.shutdown();
      await out.close();
    }
  });
});

describe('redis while its server stops and starts again', () => {
  it('the source reconnects and the sink follows on.error while the server is down', async () => {
    const server = await PrivateRedisServer.start();
    const channel = uniqueName('fault');
    const logs: string[] = [];
    const app = await startApp(
      `@source(type='redis', url='${server.url}', channel='${channel}.in', @map(type='json'))\n${STREAM}\n` +
        `@OnError(action='STREAM')\n` +
        `@sink(type='redis', url='${server.url}', channel='${channel}.out', on.error='STREAM', @map(type='json'))\n` +
        'define stream O (symbol string, price double);\n' +
        "from !O select symbol, convert(_error, 'string') as error insert into Faults;",
      { logs, delays: [100] },
    );
    const got: unknown[][] = [];
    app.onStream('S', (events) => {
      for (const e of events) got.push([...e.data]);
    });
    const faults: unknown[][] = [];
    app.onStream('Faults', (events) => {
      for (const e of events) faults.push([...e.data]);
    });
    try {
      await server.stop();
      app.input('O').send(['LOST', 1]);
      await until(
        () => faults.length === 1,
        () => logs.slice(-3).join(' | '),
      );
      expect(faults[0]?.[0]).toBe('LOST');
      expect(String(faults[0]?.[1])).toContain('ConnectionUnavailableException');
      await server.restart();
      // The source subscribes again: keep publishing until messages come through.
      const deadline = Date.now() + 20_000;
      while (got.length === 0 && Date.now() < deadline) {
        await publish(`${channel}.in`, [['BACK', 2]], server.url).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(got[0]).toEqual(['BACK', 2]);
      expect(logs.some((l) => l.includes('lost its connection'))).toBe(true);
    } finally {
      await app.shutdown();
      await server.stop();
    }
  }, 60_000);
});
