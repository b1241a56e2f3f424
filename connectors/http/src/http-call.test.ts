import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  startApp,
  startServer,
  type TestApp,
  type TestServer,
} from './http-harness.test-support.js';
import { httpExtensions } from './index.js';

const apps: TestApp[] = [];
const servers: TestServer[] = [];

afterEach(async () => {
  for (const a of apps.splice(0)) await a.app.shutdown();
  for (const s of servers.splice(0)) await s.close();
});

async function registry(): Promise<TestServer> {
  const server = await startServer((request) => {
    const name = (JSON.parse(request.body) as { event: { name: string } }).event.name;
    if (name === 'ghost') return { status: 404, body: '{"error":"no such employee"}' };
    if (name === 'broken') return { status: 500, body: '{"error":"down"}' };
    return {
      headers: { 'content-type': 'application/json', 'x-served-by': 'registry-1' },
      body: JSON.stringify({ town: `${name}-town`, age: name.length }),
    };
  });
  servers.push(server);
  return server;
}

describe("sink 'http-call' and source 'http-call-response'", () => {
  it('routes responses by status code, with the request attributes and headers as trp:', async () => {
    const server = await registry();
    const started = await startApp(
      `@source(type='http-call-response', sink.id='employees', http.status.code='2\\d+',
               @map(type='json', @attributes(name='trp:name', id='trp:id', location='$.town',
                                              age='$.age', by='trp:X-Served-By', code='trp:HTTP_STATUS_CODE')))
       define stream Found (name string, id string, location string, age int, by string, code string);

       @source(type='http-call-response', sink.id='employees', http.status.code='4\\d+',
               @map(type='json', @attributes(error='$.error', name='trp:name')))
       define stream Missing (error string, name string);

       @sink(type='http-call', sink.id='employees', publisher.url='${server.url}/employees',
             @map(type='json'))
       define stream Lookup (name string, id int);`,
      httpExtensions(),
    );
    apps.push(started);
    started.app.input('Lookup').send(['ann', 7]);
    started.app.input('Lookup').send(['ghost', 8]);
    expect(await started.waitForRows('Found', 1)).toEqual([
      ['ann', '7', 'ann-town', 3, 'registry-1', '200'],
    ]);
    expect(await started.waitForRows('Missing', 1)).toEqual([['no such employee', 'ghost']]);
  });

  it('logs and drops a response no source matches', async () => {
    const server = await registry();
    const started = await startApp(
      `@source(type='http-call-response', sink.id='e', @map(type='json', @attributes(t='$.town')))
       define stream Found (t string);
       @sink(type='http-call', sink.id='e', publisher.url='${server.url}/e', @map(type='json'))
       define stream Lookup (name string);`,
      httpExtensions(),
    );
    apps.push(started);
    started.app.input('Lookup').send(['broken']);
    await server.waitFor(1);
    await started.app.idle();
    expect(started.rows('Found')).toEqual([]);
    expect(
      started.logs.some(
        (l) => l.level === 'error' && l.message.includes("matches the status code '500'"),
      ),
    ).toBe(true);
  });

  it('acknowledges the request event only once the response was processed', async () => {
    const server = await registry();
    const started = await startApp(
      `@source(type='http-call-response', sink.id='e', @map(type='json', @attributes(t='$.town')))
       define stream Found (t string);
       @sink(type='http-call', sink.id='e', publisher.url='${server.url}/e', @map(type='json'))
       define stream Lookup (name string);`,
      httpExtensions(),
    );
    apps.push(started);
    started.app.input('Lookup').send(['bob']);
    await started.app.idle();
    // idle() waits for the sink's publish, which waits for the response source's emit.
    expect(started.rows('Found')).toEqual([['bob-town']]);
  });

  it('writes 2xx bodies to download.path and hands the path to the response source', async () => {
    const server = await registry();
    const dir = mkdtempSync(join(tmpdir(), 'tributary-http-'));
    try {
      const started = await startApp(
        `@source(type='http-call-response', sink.id='dl', @map(type='rawText'))
         define stream Saved (path string);
         @sink(type='http-call', sink.id='dl', publisher.url='${server.url}/e',
               downloading.enabled='true', download.path='${dir}/{{name}}.json', @map(type='json'))
         define stream Lookup (name string);`,
        httpExtensions(),
      );
      apps.push(started);
      started.app.input('Lookup').send(['cat']);
      expect(await started.waitForRows('Saved', 1)).toEqual([[`${dir}/cat.json`]]);
      expect(JSON.parse(readFileSync(join(dir, 'cat.json'), 'utf8'))).toEqual({
        town: 'cat-town',
        age: 3,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends one request at a time with blocking.io', async () => {
    let open = 0;
    let maxOpen = 0;
    const server = await startServer(async () => {
      open += 1;
      maxOpen = Math.max(maxOpen, open);
      await new Promise((resolve) => setTimeout(resolve, 10));
      open -= 1;
      return { body: '{"ok":true}' };
    });
    servers.push(server);
    const started = await startApp(
      `@source(type='http-call-response', sink.id='b', @map(type='json', @attributes(ok='$.ok', n='trp:n')))
       define stream Done (ok bool, n string);
       @sink(type='http-call', sink.id='b', blocking.io='true', publisher.url='${server.url}/b', @map(type='json'))
       define stream Call (n int);`,
      httpExtensions(),
    );
    apps.push(started);
    for (let n = 0; n < 5; n += 1) started.app.input('Call').send([n]);
    const done = await started.waitForRows('Done', 5);
    expect(done.map((r) => r[1])).toEqual(['0', '1', '2', '3', '4']);
    expect(maxOpen).toBe(1);
  });
});
