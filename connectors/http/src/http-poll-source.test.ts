import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '@tributary/engine';
import {
  basic,
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

describe("source 'http-poll'", () => {
  it('polls on connecting, then every polling.interval of app time', async () => {
    const server = await startServer((_, i) => ({
      headers: { etag: `v${String(i)}` },
      body: JSON.stringify({ up: true, load: i / 2 }),
    }));
    servers.push(server);
    const clock = new VirtualClock(0);
    const started = await startApp(
      `@source(type='http-poll', receiver.url='${server.url}/status', polling.interval='10 sec',
               basic.auth.username='u', basic.auth.password='p',
               @map(type='json', @attributes(up='$.up', load='$.load', etag='trp:ETag')))
       define stream Status (up bool, load double, etag string);`,
      httpExtensions(),
      { timeService: clock },
    );
    apps.push(started);
    expect(await started.waitForRows('Status', 1)).toEqual([[true, 0, 'v0']]);
    clock.advanceBy(9_999);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.received).toHaveLength(1);
    clock.advanceBy(1);
    await started.waitForRows('Status', 2);
    clock.advanceBy(10_000);
    expect(await started.waitForRows('Status', 3)).toEqual([
      [true, 0, 'v0'],
      [true, 0.5, 'v1'],
      [true, 1, 'v2'],
    ]);
    expect(server.received.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['GET', '/status', basic('u', 'p')],
      ['GET', '/status', basic('u', 'p')],
      ['GET', '/status', basic('u', 'p')],
    ]);
  });

  it('skips responses http.status.code does not accept, and empty bodies', async () => {
    const server = await startServer((_, i) =>
      i === 0 ? { status: 503, body: 'busy' } : i === 1 ? { status: 204 } : { body: '{"v":3}' },
    );
    servers.push(server);
    const clock = new VirtualClock(0);
    const started = await startApp(
      `@source(type='http-poll', receiver.url='${server.url}/x', polling.interval='1 sec',
               http.status.code='2\\d\\d', @map(type='json'))
       define stream S (v int);`,
      httpExtensions(),
      { timeService: clock },
    );
    apps.push(started);
    clock.advanceBy(1_000);
    await server.waitFor(2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    clock.advanceBy(1_000);
    expect(await started.waitForRows('S', 1)).toEqual([[3]]);
    expect(started.logs.some((l) => l.level === 'warn' && l.message.includes('answered 503'))).toBe(
      true,
    );
  });

  it('does not poll while the app is paused', async () => {
    const server = await startServer(() => ({ body: '{"v":1}' }));
    servers.push(server);
    const clock = new VirtualClock(0);
    const started = await startApp(
      `@source(type='http-poll', receiver.url='${server.url}/x', polling.interval='1 sec', @map(type='json'))
       define stream S (v int);`,
      httpExtensions(),
      { timeService: clock },
    );
    apps.push(started);
    await started.waitForRows('S', 1);
    started.app.pause();
    clock.advanceBy(1_000);
    clock.advanceBy(1_000);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.received).toHaveLength(1);
    started.app.resume();
    clock.advanceBy(1_000);
    await started.waitForRows('S', 2);
  });
});
