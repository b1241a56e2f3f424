import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '@tributary/engine';
import {
  basic,
  CERT_FILE,
  startApp,
  startServer,
  type TestApp,
  type TestServer,
} from './http-harness.test-support.js';
import { httpExtensions } from './index.js';

const apps: TestApp[] = [];
const servers: TestServer[] = [];

async function server(...args: Parameters<typeof startServer>): Promise<TestServer> {
  const started = await startServer(...args);
  servers.push(started);
  return started;
}

async function app(text: string, clock?: VirtualClock): Promise<TestApp> {
  const started = await startApp(
    text,
    httpExtensions(),
    clock === undefined ? {} : { timeService: clock },
  );
  apps.push(started);
  return started;
}

afterEach(async () => {
  for (const a of apps.splice(0)) await a.app.shutdown();
  for (const s of servers.splice(0)) await s.close();
});

describe("sink 'http'", () => {
  it('posts each event with the content type of the mapper', async () => {
    const target = await server();
    const { app: runtime } = await app(
      `@sink(type='http', publisher.url='${target.url}/stocks', @map(type='json'))
       define stream S (symbol string, price double);`,
    );
    runtime.input('S').send(['IBM', 75.5]);
    const [request] = await target.waitFor(1);
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/stocks');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ event: { symbol: 'IBM', price: 75.5 } });
  });

  it('fills the URL, method and headers from each event', async () => {
    const target = await server();
    const { app: runtime } = await app(
      `@sink(type='http', publisher.url='${target.url}/{{region}}/orders', method='{{verb}}',
             headers="'X-Order:{{id}}','Content-Type:application/vnd.test+json'", @map(type='json'))
       define stream S (region string, verb string, id string);`,
    );
    runtime.input('S').send(['eu', 'PUT', 'o-1']);
    runtime.input('S').send(['us', 'delete', 'o-2']);
    const [first, second] = await target.waitFor(2);
    expect([first?.method, first?.url, first?.headers['x-order']]).toEqual([
      'PUT',
      '/eu/orders',
      'o-1',
    ]);
    expect(first?.headers['content-type']).toBe('application/vnd.test+json');
    expect([second?.method, second?.url, second?.headers['x-order']]).toEqual([
      'DELETE',
      '/us/orders',
      'o-2',
    ]);
  });

  it('sends no body with GET', async () => {
    const target = await server();
    const { app: runtime } = await app(
      `@sink(type='http', publisher.url='${target.url}/ping?id={{id}}', method='GET', @map(type='json'))
       define stream S (id string);`,
    );
    runtime.input('S').send(['x']);
    const [request] = await target.waitFor(1);
    expect([request?.method, request?.url, request?.body]).toEqual(['GET', '/ping?id=x', '']);
  });

  it('authenticates with basic auth', async () => {
    const target = await server();
    const { app: runtime } = await app(
      `@sink(type='http', publisher.url='${target.url}/x', basic.auth.username='admin',
             basic.auth.password='pw', @map(type='json'))
       define stream S (v int);`,
    );
    runtime.input('S').send([1]);
    const [request] = await target.waitFor(1);
    expect(request?.headers.authorization).toBe(basic('admin', 'pw'));
  });

  it('gets an OAuth 2.0 token with client credentials, reuses it, and renews it after a 401', async () => {
    let issued = 0;
    const idp = await server(() => {
      issued += 1;
      return {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ access_token: `token-${String(issued)}`, expires_in: 3600 }),
      };
    });
    const api = await server((request) =>
      request.headers.authorization === 'Bearer token-1' && request.body.includes('"v":3')
        ? { status: 401 }
        : { status: 200 },
    );
    const { app: runtime } = await app(
      `@sink(type='http', publisher.url='${api.url}/events', consumer.key='client',
             consumer.secret='secret', token.url='${idp.url}/token', oauth.scope='write',
             @map(type='json'))
       define stream S (v int);`,
    );
    runtime.input('S').send([1]);
    await api.waitFor(1);
    runtime.input('S').send([2]);
    await api.waitFor(2);
    runtime.input('S').send([3]);
    const calls = await api.waitFor(4);
    expect(calls.map((c) => c.headers.authorization)).toEqual([
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-2',
    ]);
    const [tokenRequest] = idp.received;
    expect(tokenRequest?.headers.authorization).toBe(basic('client', 'secret'));
    expect(tokenRequest?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(tokenRequest?.body))).toEqual({
      grant_type: 'client_credentials',
      scope: 'write',
    });
    expect(idp.received).toHaveLength(2);
  });

  it('uses the password grant with oauth.username and oauth.password', async () => {
    const idp = await server(() => ({ body: '{"access_token":"t","refresh_token":"r"}' }));
    const api = await server();
    const { app: runtime } = await app(
      `@sink(type='http', publisher.url='${api.url}/x', oauth.username='alice', oauth.password='pw',
             consumer.key='client', consumer.secret='secret', token.url='${idp.url}/token',
             @map(type='json'))
       define stream S (v int);`,
    );
    runtime.input('S').send([1]);
    const [call] = await api.waitFor(1);
    expect(call?.headers.authorization).toBe('Bearer t');
    expect(Object.fromEntries(new URLSearchParams(idp.received[0]?.body))).toEqual({
      grant_type: 'password',
      username: 'alice',
      password: 'pw',
    });
  });

  it('retries a 5xx answer once at once (a connection error) and delivers the event', async () => {
    const target = await server((_, i) => ({ status: i === 0 ? 503 : 200 }));
    const { app: runtime, logs } = await app(
      `@sink(type='http', publisher.url='${target.url}/x', @map(type='json'))
       define stream S (v int);`,
    );
    runtime.input('S').send([1]);
    const calls = await target.waitFor(2);
    expect(calls.map((c) => c.body)).toEqual(['{"event":{"v":1}}', '{"event":{"v":1}}']);
    await runtime.idle();
    expect(logs.filter((l) => l.level === 'error')).toEqual([]);
  });

  it("keeps retrying every 5 s with on.error='WAIT' until the endpoint takes the event", async () => {
    const clock = new VirtualClock(0);
    const target = await server((_, i) => ({ status: i < 4 ? 500 : 200 }));
    const { app: runtime } = await app(
      `@sink(type='http', publisher.url='${target.url}/x', on.error='WAIT', @map(type='json'))
       define stream S (v int);`,
      clock,
    );
    runtime.input('S').send([1]);
    await target.waitFor(2);
    await runtime.idle();
    clock.advanceBy(5_000);
    await target.waitFor(3);
    await runtime.idle();
    clock.advanceBy(5_000);
    await target.waitFor(4);
    await runtime.idle();
    clock.advanceBy(5_000);
    await target.waitFor(5);
    await runtime.idle();
    expect(target.received).toHaveLength(5);
  });

  it('does not retry other 4xx answers: the event goes to on.error (the fault stream)', async () => {
    const target = await server(() => ({ status: 400, body: 'bad request' }));
    const { app: runtime, waitForRows } = await app(
      `@OnError(action='STREAM')
       @sink(type='http', publisher.url='${target.url}/x', on.error='STREAM', @map(type='json'))
       define stream S (v int);`,
    );
    runtime.input('S').send([9]);
    const faults = await waitForRows('!S', 1);
    expect(faults[0]?.[0]).toBe(9);
    expect(String(faults[0]?.[1])).toContain('answered 400: bad request');
    expect(target.received).toHaveLength(1);
  });

  it('routes an unreachable endpoint as a connection error', async () => {
    const { app: runtime, waitForRows } = await app(
      `@OnError(action='STREAM')
       @sink(type='http', publisher.url='http://127.0.0.1:1/x', on.error='STREAM', @map(type='json'))
       define stream S (v int);`,
    );
    runtime.input('S').send([5]);
    const faults = await waitForRows('!S', 1);
    expect(String(faults[0]?.[1])).toMatch(/ConnectionUnavailableException: cannot reach/);
  });

  it('trusts the certificate of https.truststore.file', async () => {
    const target = await server(() => ({}), { tls: true });
    const { app: runtime } = await app(
      `@sink(type='http', publisher.url='https://localhost:${String(target.port)}/x',
             https.truststore.file='${CERT_FILE}', @map(type='json'))
       define stream S (v int);`,
    );
    runtime.input('S').send([1]);
    const [request] = await target.waitFor(1);
    expect(request?.body).toBe('{"event":{"v":1}}');
  });

  it('refuses an untrusted certificate unless verification is disabled', async () => {
    const target = await server(() => ({}), { tls: true });
    const { app: runtime, waitForRows } = await app(
      `@OnError(action='STREAM')
       @sink(type='http', publisher.url='https://localhost:${String(target.port)}/x',
             on.error='STREAM', @map(type='json'))
       define stream S (v int);
       @sink(type='http', publisher.url='https://localhost:${String(target.port)}/y',
             ssl.verification.disabled='true', @map(type='json'))
       define stream T (v int);`,
    );
    runtime.input('S').send([1]);
    expect(String((await waitForRows('!S', 1))[0]?.[1])).toMatch(/certificate/);
    runtime.input('T').send([2]);
    const [request] = await target.waitFor(1);
    expect(request?.url).toBe('/y');
  });
});
