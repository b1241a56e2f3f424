// Tests of the live-server test helpers: names, json rows, polling waits, loopback ports and
// plugin apps.

import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { eventually, jsonMessages, rowsOf, uniqueName, until } from './live-helpers.js';
import { freePort, isAccepting, waitForPort } from './local-server.js';
import { createPluginApp, startPluginApp } from './plugin-app.js';

describe('uniqueName', () => {
  it('joins prefix, pid, time and a counter with the separator, never twice the same', () => {
    const a = uniqueName('orders', '_');
    const b = uniqueName('orders', '_');
    expect(a).toMatch(new RegExp(`^orders_${String(process.pid)}_[0-9a-z]+_\\d+$`));
    expect(b).not.toBe(a);
    expect(uniqueName('t', '.').split('.')).toHaveLength(4);
  });
});

describe('jsonMessages / rowsOf', () => {
  it('writes rows in the json mapper default format and reads single or grouped messages', () => {
    const messages = jsonMessages(
      ['a', 'b'],
      [
        [1, 'x'],
        [2, null],
      ],
    );
    expect(messages).toEqual(['{"event":{"a":1,"b":"x"}}', '{"event":{"a":2,"b":null}}']);
    expect(rowsOf(['a', 'b'], messages[0] ?? '')).toEqual([[1, 'x']]);
    expect(rowsOf(['b', 'a'], `[${messages.join(',')}]`)).toEqual([
      ['x', 1],
      [null, 2],
    ]);
  });
});

describe('until / eventually', () => {
  it('resolves once the condition holds', async () => {
    let calls = 0;
    await until(
      () => (calls += 1) >= 3,
      () => 'three calls',
    );
    expect(calls).toBe(3);
    let checks = 0;
    await eventually(
      () => Promise.resolve((checks += 1) >= 2),
      () => 'two checks',
    );
    expect(checks).toBe(2);
  });

  it('rejects saying what it waited for after the timeout', async () => {
    await expect(
      until(
        () => false,
        () => 'never',
        0,
      ),
    ).rejects.toThrow('timed out: never');
    await expect(
      eventually(
        () => Promise.resolve(false),
        () => 'nope',
        0,
      ),
    ).rejects.toThrow('timed out: nope');
  });
});

describe('freePort / isAccepting / waitForPort', () => {
  it('finds a port nobody listens on and sees a server open and close it', async () => {
    const port = await freePort();
    expect(await isAccepting(port)).toBe(false);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await waitForPort(port, true, 5_000);
    expect(await isAccepting(port)).toBe(true);
    await new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    await waitForPort(port, false, 5_000);
  });
});

describe('createPluginApp / startPluginApp', () => {
  it('creates apps with the built-ins and throws with the diagnostics when it cannot', async () => {
    const logs: string[] = [];
    const app = await startPluginApp([], "@sink(type='log') define stream S (v int);", { logs });
    app.input('S').send([7]);
    expect(logs.some((l) => l.startsWith('info: ') && l.includes('data=[7]'))).toBe(true);
    await app.shutdown();
    expect(() =>
      createPluginApp([], 'define stream S (v int); from T select v insert into O;'),
    ).toThrow(/: /);
  });
});
