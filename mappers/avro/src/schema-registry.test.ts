// The avro mappers against a real schema registry peer: a node:http server in this test that
// answers `GET /schemas/ids/{id}` like Confluent's (optionally behind basic auth), counting
// requests to show the cache.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { confluentMessage, parseSchema } from './avro-schema.js';
import { extensions } from './index.js';
import {
  eventsOf,
  runSink,
  runSource,
  sinkMapperFor,
  sourceMapperFor,
} from './mapper-harness.test-support.js';

const SCHEMAS: Readonly<Record<string, object>> = {
  // the reader's view
  '1': {
    type: 'record',
    name: 'User',
    fields: [
      { name: 'username', type: 'string' },
      { name: 'age', type: 'int' },
      { name: 'country', type: 'string', default: 'LK' },
    ],
  },
  // a newer writer: an extra field, no country
  '2': {
    type: 'record',
    name: 'User',
    fields: [
      { name: 'username', type: 'string' },
      { name: 'email', type: 'string' },
      { name: 'age', type: 'int' },
    ],
  },
};

const requests = new Map<string, number>();
let server: Server;
let base: string;
let requireAuth = false;

function answer(req: IncomingMessage, res: ServerResponse): void {
  const m = /^\/schemas\/ids\/(\d+)$/.exec(req.url ?? '');
  const id = m?.[1] ?? '';
  requests.set(id, (requests.get(id) ?? 0) + 1);
  const expected = `Basic ${Buffer.from('reader:s3cret').toString('base64')}`;
  if (requireAuth && req.headers.authorization !== expected) {
    res
      .writeHead(401, { 'content-type': 'application/json' })
      .end('{"error_code":401,"message":"Unauthorized"}');
    return;
  }
  const schema = SCHEMAS[id];
  if (req.method !== 'GET' || schema === undefined) {
    res
      .writeHead(404, { 'content-type': 'application/json' })
      .end('{"error_code":40403,"message":"Schema not found"}');
    return;
  }
  res
    .writeHead(200, { 'content-type': 'application/vnd.schemaregistry.v1+json' })
    .end(JSON.stringify({ schema: JSON.stringify(schema) }));
}

beforeAll(async () => {
  server = createServer(answer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => {
    server.close((error) => {
      if (error === undefined) resolve();
      else reject(error);
    });
  });
});

const STREAM = 'define stream S (username string, age int, country string);';
const writer2 = parseSchema(SCHEMAS['2'] ?? {});
const reader1 = parseSchema(SCHEMAS['1'] ?? {});

describe('avro mappers with a schema registry', () => {
  it('fetch the reader schema by id before mapping (init), once', async () => {
    requests.clear();
    const app = `@source(type='inMemory', topic='t', @map(type='avro', schema.registry='${base}', schema.id='1')) ${STREAM}`;
    const mapper = sourceMapperFor(extensions, app);
    const body = reader1.toBuffer({ username: 'ann', age: 30, country: 'SE' });
    // an engine that maps before init() resolves gets a MappingError, never a crash
    expect(runSource(mapper, body).error?.message).toMatch(/still being fetched/);
    await mapper.init?.();
    expect(runSource(mapper, body).rows).toEqual([['ann', 30, 'SE']]);
    expect(runSource(mapper, body).rows).toEqual([['ann', 30, 'SE']]);
    expect(requests.get('1')).toBe(1);
  });

  it('use.avro.deserializer: writer schemas come from the id in each message and resolve to the reader', async () => {
    requests.clear();
    const app = `@source(type='inMemory', topic='t', @map(type='avro', schema.registry='${base}', schema.id='1', use.avro.deserializer='true')) ${STREAM}`;
    const mapper = sourceMapperFor(extensions, app);
    await mapper.init?.();
    const framed = confluentMessage(2, writer2.toBuffer({ username: 'bo', email: 'b@x', age: 41 }));
    // the first message with writer 2 starts its fetch and is reported (replayable)
    expect(runSource(mapper, framed).error?.message).toMatch(
      /writer schema 2 .* is not loaded yet/,
    );
    await vi.waitFor(() => {
      expect(runSource(mapper, framed).rows).toEqual([['bo', 41, 'LK']]);
    });
    for (let i = 0; i < 5; i += 1) runSource(mapper, framed);
    const own = confluentMessage(1, reader1.toBuffer({ username: 'cy', age: 1, country: 'NO' }));
    expect(runSource(mapper, own).rows).toEqual([['cy', 1, 'NO']]);
    expect(requests.get('1')).toBe(1);
    expect(requests.get('2')).toBe(1);
  });

  it('use.avro.deserializer without a reader schema reads each message with its writer schema', async () => {
    const app = `@source(type='inMemory', topic='t', @map(type='avro', schema.registry='${base}', use.avro.deserializer='true')) define stream S (username string, email string);`;
    const mapper = sourceMapperFor(extensions, app);
    const framed = confluentMessage(2, writer2.toBuffer({ username: 'di', email: 'd@x', age: 2 }));
    runSource(mapper, framed);
    await vi.waitFor(() => {
      expect(runSource(mapper, framed).rows).toEqual([['di', 'd@x']]);
    });
  });

  it('use.avro.serializer frames with the registry schema; the deserializer reads it back', async () => {
    const sink = sinkMapperFor(
      extensions,
      `@sink(type='inMemory', topic='t', @map(type='avro', schema.registry='${base}', schema.id='1', use.avro.serializer='true')) ${STREAM}`,
    );
    await sink.init?.();
    const out = runSink(sink, eventsOf([['eve', 7, 'FI']]));
    expect(out.error).toBeUndefined();
    const [message] = out.payloads as Buffer[];
    expect(message?.subarray(0, 5)).toEqual(Buffer.from([0, 0, 0, 0, 1]));
    const source = sourceMapperFor(
      extensions,
      `@source(type='inMemory', topic='t', @map(type='avro', schema.registry='${base}', schema.id='1', use.avro.deserializer='true')) ${STREAM}`,
    );
    await source.init?.();
    expect(runSource(source, message).rows).toEqual([['eve', 7, 'FI']]);
  });

  it('an unknown id fails init, and each payload says why', async () => {
    const mapper = sourceMapperFor(
      extensions,
      `@source(type='inMemory', topic='t', @map(type='avro', schema.registry='${base}', schema.id='99')) ${STREAM}`,
    );
    await expect(mapper.init?.()).rejects.toThrow(/answered 404/);
    expect(runSource(mapper, Buffer.from([0])).error?.message).toMatch(
      /could not be fetched .*404/,
    );
    const sink = sinkMapperFor(
      extensions,
      `@sink(type='inMemory', topic='t', @map(type='avro', schema.registry='${base}', schema.id='99')) ${STREAM}`,
    );
    await expect(sink.init?.()).rejects.toThrow(/answered 404/);
    expect(runSink(sink, eventsOf([['a', 1, 'b']])).error).toBeInstanceOf(Error);
  });

  it('basic.auth.username/password authenticate with the registry', async () => {
    requireAuth = true;
    try {
      const withAuth = sourceMapperFor(
        extensions,
        `@source(type='inMemory', topic='t', @map(type='avro', schema.registry='${base}', schema.id='1', basic.auth.username='reader', basic.auth.password='s3cret')) ${STREAM}`,
      );
      await expect(withAuth.init?.()).resolves.toBeUndefined();
      const without = sourceMapperFor(
        extensions,
        `@source(type='inMemory', topic='t', @map(type='avro', schema.registry='${base}', schema.id='1')) ${STREAM}`,
      );
      await expect(without.init?.()).rejects.toThrow(/answered 401/);
    } finally {
      requireAuth = false;
    }
  });

  it('an unreachable registry fails init', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) =>
      closed.close(() => {
        resolve();
      }),
    );
    const mapper = sourceMapperFor(
      extensions,
      `@source(type='inMemory', topic='t', @map(type='avro', schema.registry='http://127.0.0.1:${String(port)}', schema.id='1')) ${STREAM}`,
    );
    await expect(mapper.init?.()).rejects.toThrow(/cannot reach the schema registry/);
  });
});
