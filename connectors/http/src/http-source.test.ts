import { afterEach, describe, expect, it } from 'vitest';
import { inMemoryBroker } from '@tributary/engine';
import {
  basic,
  freePort,
  P12_FILE,
  PEM_STORE_FILE,
  send,
  startApp,
  type TestApp,
} from './http-harness.test-support.js';
import { httpExtensions } from './index.js';

const running: TestApp[] = [];

async function app(text: string, settings: Parameters<typeof httpExtensions>[0] = {}) {
  const started = await startApp(text, httpExtensions(settings));
  running.push(started);
  return started;
}

afterEach(async () => {
  for (const a of running.splice(0)) await a.app.shutdown();
});

describe("source 'http'", () => {
  it('maps POST bodies to events and answers 200 once they were processed', async () => {
    const port = await freePort();
    const { waitForRows } = await app(
      `@source(type='http', receiver.url='http://127.0.0.1:${String(port)}/stocks', @map(type='json'))
       define stream S (symbol string, price double, volume long);`,
    );
    const answer = await send(`http://127.0.0.1:${String(port)}/stocks`, {
      body: '{"event":{"symbol":"IBM","price":75.5,"volume":100}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(200);
    expect(await waitForRows('S', 1)).toEqual([['IBM', 75.5, 100]]);
  });

  it('answers 405 to an empty body and to other methods, 404 to other paths', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${String(port)}`;
    const { rows } = await app(
      `@source(type='http', receiver.url='${base}/in', @map(type='json'))
       define stream S (v int);`,
    );
    expect((await send(`${base}/in`, { body: '' })).status).toBe(405);
    expect((await send(`${base}/in`, { body: '\r\n' })).status).toBe(405);
    const get = await send(`${base}/in`, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await send(`${base}/elsewhere`, { body: '{"v":1}' })).status).toBe(404);
    expect(rows('S')).toEqual([]);
  });

  it('checks basic auth with the host authenticator: 401 without or with wrong credentials', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${String(port)}/secure`;
    const { waitForRows, rows } = await app(
      `@source(type='http', receiver.url='${url}', basic.auth.enabled='true', @map(type='json'))
       define stream S (v int);`,
      { authenticate: (user, password) => user === 'admin' && password === 's3cret' },
    );
    const none = await send(url, { body: '{"v":1}' });
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Basic realm="Tributary"');
    expect(
      (await send(url, { body: '{"v":2}', headers: { authorization: basic('admin', 'nope') } }))
        .status,
    ).toBe(401);
    expect(rows('S')).toEqual([]);
    const ok = await send(url, {
      body: '{"v":3}',
      headers: { authorization: basic('admin', 's3cret') },
    });
    expect(ok.status).toBe(200);
    expect(await waitForRows('S', 1)).toEqual([[3]]);
  });

  it('refuses every request with 401 when auth is enabled but the host has no authenticator', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${String(port)}/secure`;
    const { logs } = await app(
      `@source(type='http', receiver.url='${url}', basic.auth.enabled='true', @map(type='json'))
       define stream S (v int);`,
    );
    const answer = await send(url, {
      body: '{"v":1}',
      headers: { authorization: basic('a', 'b') },
    });
    expect(answer.status).toBe(401);
    expect(logs.some((l) => l.level === 'warn' && l.message.includes('no authenticator'))).toBe(
      true,
    );
  });

  it('offers request headers, properties and query parameters as trp: values', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${String(port)}/orders`;
    const { waitForRows } = await app(
      `@source(type='http', receiver.url='${url}',
         @map(type='json', @attributes(id='$.id', client='trp:X-Client', method='trp:HTTP_METHOD',
                                        to='trp:TO', region='trp:_region')))
       define stream S (id string, client string, method string, to string, region string);`,
    );
    const answer = await send(`${url}?region=eu`, {
      body: '{"id":"o-1"}',
      headers: { 'x-client': 'acme' },
    });
    expect(answer.status).toBe(200);
    expect(await waitForRows('S', 1)).toEqual([['o-1', 'acme', 'POST', '/orders?region=eu', 'eu']]);
  });

  it('shares one listener between sources on one port, routed by path', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${String(port)}`;
    const { waitForRows } = await app(
      `@source(type='http', receiver.url='${base}/a', @map(type='json')) define stream A (v int);
       @source(type='http', receiver.url='${base}/b/', @map(type='json')) define stream B (v int);`,
    );
    expect((await send(`${base}/a`, { body: '{"v":1}' })).status).toBe(200);
    expect((await send(`${base}/b`, { body: '{"v":2}' })).status).toBe(200);
    expect(await waitForRows('A', 1)).toEqual([[1]]);
    expect(await waitForRows('B', 1)).toEqual([[2]]);
  });

  it('fails the app when two sources take the same path', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${String(port)}/same`;
    await expect(
      app(
        `@source(type='http', receiver.url='${url}', @map(type='json')) define stream A (v int);
         @source(type='http', receiver.url='${url}', @map(type='json')) define stream B (v int);`,
      ),
    ).rejects.toThrow(/already taken/);
  });

  it('keeps the order of requests with worker.count 1', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${String(port)}/seq`;
    const { waitForRows } = await app(
      `@source(type='http', receiver.url='${url}', @map(type='json')) define stream S (v int);`,
    );
    for (let i = 0; i < 20; i += 1) {
      expect((await send(url, { body: `{"v":${String(i)}}` })).status).toBe(200);
    }
    expect((await waitForRows('S', 20)).map((r) => r[0])).toEqual(
      Array.from({ length: 20 }, (_, i) => i),
    );
  });

  it('processes worker.count requests at a time while their sinks have not acknowledged', async () => {
    for (const workers of [1, 2]) {
      const port = await freePort();
      const url = `http://127.0.0.1:${String(port)}/w`;
      const topic = `workers-${String(port)}`;
      const held: (() => void)[] = [];
      const off = inMemoryBroker.subscribe(
        topic,
        () => new Promise<void>((resolve) => held.push(resolve)),
      );
      try {
        const { app: runtime } = await app(
          `@source(type='http', receiver.url='${url}', worker.count='${String(workers)}', @map(type='json'))
           define stream S (v int);
           @sink(type='inMemory', topic='${topic}') define stream O (v int);
           from S select v insert into O;`,
        );
        const answers = [1, 2, 3].map((v) => send(url, { body: `{"v":${String(v)}}` }));
        const deadline = Date.now() + 5000;
        while (held.length < workers && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        await new Promise((resolve) => setTimeout(resolve, 30));
        expect(held).toHaveLength(workers);
        // Acknowledge whatever reached the sink until every caller was answered.
        const progress = { answered: false };
        const all = Promise.all(answers).finally(() => {
          progress.answered = true;
        });
        while (!progress.answered) {
          for (const release of held.splice(0)) release();
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        expect((await all).map((a) => a.status)).toEqual([200, 200, 200]);
        await runtime.shutdown();
      } finally {
        off();
      }
    }
  });

  it('refuses bodies over the request.size.validation limit', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${String(port)}/small`;
    const { waitForRows } = await app(
      `@source(type='http', receiver.url='${url}', @map(type='json'),
               request.size.validation.configurations="'request.size.validation:true','request.size.validation.maximum.value:12','request.size.validation.reject.message:too big'")
       define stream S (v int);`,
    );
    const refused = await send(url, { body: '{"v":123456789}' });
    expect([refused.status, refused.body]).toEqual([413, 'too big']);
    expect((await send(url, { body: '{"v":1}' })).status).toBe(200);
    expect(await waitForRows('S', 1)).toEqual([[1]]);
  });

  it('holds requests while the app is paused and processes them on resume', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${String(port)}/held`;
    const {
      app: runtime,
      rows,
      waitForRows,
    } = await app(
      `@source(type='http', receiver.url='${url}', @map(type='json')) define stream S (v int);`,
    );
    runtime.pause();
    const pending = send(url, { body: '{"v":7}' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rows('S')).toEqual([]);
    runtime.resume();
    expect((await pending).status).toBe(200);
    expect(await waitForRows('S', 1)).toEqual([[7]]);
  });

  it('listens on https with a PKCS#12 or PEM key store', async () => {
    for (const [file, password] of [
      [P12_FILE, "https.keystore.password='tributary',"],
      [PEM_STORE_FILE, ''],
    ] as const) {
      const port = await freePort();
      const url = `https://127.0.0.1:${String(port)}/tls`;
      const { waitForRows, app: runtime } = await app(
        `@source(type='http', receiver.url='${url}', https.keystore.file='${file}', ${password}
           @map(type='json')) define stream S (v int);`,
      );
      expect((await send(url, { body: '{"v":1}' })).status).toBe(200);
      expect(await waitForRows('S', 1)).toEqual([[1]]);
      await runtime.shutdown();
    }
  });

  it('refuses an https receiver.url without a key store when the app is created', async () => {
    await expect(
      app(`@source(type='http', receiver.url='https://127.0.0.1:1/x', @map(type='json'))
           define stream S (v int);`),
    ).rejects.toThrow(/https.keystore.file/);
  });
});
