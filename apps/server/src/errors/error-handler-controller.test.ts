// The error store over HTTP: an event that failed is stored (SQLite), listed, counted, replayed
// through its app once the cause is gone, and discarded.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test-server.js';

// The script fails on its first call only, so a replay goes through.
const APP = `@app:name('Flaky')
define function flaky[javascript] return int {
  globalThis.calls = (globalThis.calls || 0) + 1;
  if (globalThis.calls === 1) { throw new Error('first call fails'); }
  return data[0];
};
@OnError(action='STORE')
define stream S (a int);
define table T (a int);
from S select flaky(a) as a insert into T;
`;

interface Entries {
  total: number;
  entries: { id: number; streamName: string; cause: string; events: { data: unknown[] }[] }[];
}

describe('/error-handler', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
    const res = await server.request('/siddhi-apps', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: APP,
    });
    expect(res.status).toBe(201);
  });

  afterAll(async () => {
    await server.close();
  });

  const send = (a: number) =>
    server.request('/simulation/single', {
      method: 'POST',
      json: { siddhiAppName: 'Flaky', streamName: 'S', data: [a] },
    });
  const rows = async () =>
    (
      (await (
        await server.request('/stores/query', {
          method: 'POST',
          json: { appName: 'Flaky', query: 'from T select a' },
        })
      ).json()) as { records: unknown[][] }
    ).records;

  it('stores a failed event, replays it and discards others', async () => {
    expect((await send(7)).status).toBe(200);
    expect(await rows()).toEqual([]);
    const listed = (await (
      await server.request('/error-handler/error-entries?siddhiApp=Flaky')
    ).json()) as Entries;
    expect(listed.total).toBe(1);
    const [entry] = listed.entries;
    expect(entry).toMatchObject({ streamName: 'S', events: [{ data: [7] }] });
    expect(entry?.cause).toContain('first call fails');
    const one = await server.request(`/error-handler/error-entries/${String(entry?.id)}`);
    expect(await one.json()).toMatchObject({ id: entry?.id, appName: 'Flaky' });

    const replay = await server.request(
      `/error-handler/error-entries/${String(entry?.id)}/replay`,
      { method: 'POST' },
    );
    expect(replay.status).toBe(200);
    expect(await rows()).toEqual([[7]]);
    const count = await server.request('/error-handler/error-entries/count?siddhiApp=Flaky');
    expect(await count.json()).toEqual({ siddhiApp: 'Flaky', count: 0 });
    const metrics = await (await server.request('/metrics', { auth: null })).text();
    expect(metrics).not.toContain('tributary_stored_errors{app="Flaky"} 1');

    const gone = await server.request(`/error-handler/error-entries/${String(entry?.id)}`);
    expect(gone.status).toBe(404);
    const bulk = await server.request('/error-handler/replay', {
      method: 'POST',
      json: { ids: [entry?.id ?? 0] },
    });
    expect(await bulk.json()).toMatchObject({
      replayed: 0,
      failed: [{ id: entry?.id, code: 'E_ERROR_ENTRY_NOT_FOUND' }],
    });
  });

  it('needs the app to list, and validates ids and bodies', async () => {
    expect((await server.request('/error-handler/error-entries')).status).toBe(400);
    expect((await server.request('/error-handler/error-entries/abc')).status).toBe(404);
    expect(
      (await server.request('/error-handler/error-entries?siddhiApp=Flaky&limit=-1')).status,
    ).toBe(400);
    const bad = await server.request('/error-handler/replay', {
      method: 'POST',
      json: { ids: [] },
    });
    expect(bad.status).toBe(400);
    expect(
      (await server.request('/error-handler/error-entries?siddhiApp=Flaky', { method: 'DELETE' }))
        .status,
    ).toBe(200);
  });
});
