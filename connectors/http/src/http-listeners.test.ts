import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConnectionUnavailableError } from '@tributary/engine/extension-api';
import { freePort, send } from './http-harness.test-support.js';
import { HttpListeners, RouteTakenError, routePath } from './http-listeners.js';

const settings = { socketIdleTimeoutMs: 1000 };

describe('HttpListeners', () => {
  it('normalises trailing slashes of paths', () => {
    expect(routePath('/a/b/')).toBe('/a/b');
    expect(routePath('/a//')).toBe('/a');
    expect(routePath('/')).toBe('/');
  });

  it('shares one server per host and port and closes it with its last route', async () => {
    const port = await freePort();
    const listeners = new HttpListeners();
    const hit: string[] = [];
    const route = (name: string) => (_req: unknown, res: { end: () => void }) => {
      hit.push(name);
      res.end();
    };
    const base = `http://127.0.0.1:${String(port)}`;
    const detachA = await listeners.attach(new URL(`${base}/a`), route('a'), 'A', settings);
    const detachB = await listeners.attach(new URL(`${base}/b`), route('b'), 'B', settings);
    expect(listeners.open).toEqual([base]);
    await expect(
      listeners.attach(new URL(`${base}/a/`), route('x'), 'X', settings),
    ).rejects.toThrow(RouteTakenError);
    await send(`${base}/a?q=1`, { body: 'x' });
    await send(`${base}/b`, { body: 'x' });
    expect(hit).toEqual(['a', 'b']);
    await detachA();
    expect((await send(`${base}/a`, { body: 'x' })).status).toBe(404);
    await detachB();
    expect(listeners.open).toEqual([]);
    await expect(send(`${base}/b`, { body: 'x' })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('reports a port another process holds as a connection error (retried by the engine)', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const listeners = new HttpListeners();
    try {
      await expect(
        listeners.attach(
          new URL(`http://127.0.0.1:${String(port)}/x`),
          () => undefined,
          'X',
          settings,
        ),
      ).rejects.toThrow(ConnectionUnavailableError);
      expect(listeners.open).toEqual([]);
    } finally {
      blocker.close();
    }
  });
});
